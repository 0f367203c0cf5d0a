import { describe, expect, it } from "vitest";
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy";

describe("checkPassword", () => {
  it("accepts a long, unremarkable passphrase", () => {
    expect(checkPassword("correct horse battery staple", { email: "ann@example.com" })).toEqual({
      ok: true,
      problems: [],
      message: null,
    });
  });

  it("draws the length line exactly at the minimum and maximum", () => {
    expect(
      checkPassword("x7Kp2qLm9".padEnd(MIN_PASSWORD_LENGTH - 1, "z").slice(0, MIN_PASSWORD_LENGTH - 1))
        .problems,
    ).toContain("too_short");
    expect(checkPassword("x7Kp2qLm9w").ok).toBe(true);
    expect(checkPassword("ab".repeat(MAX_PASSWORD_LENGTH / 2)).problems).not.toContain("too_long");
    expect(checkPassword(`${"ab".repeat(MAX_PASSWORD_LENGTH / 2)}c`).problems).toContain("too_long");
  });

  it("refuses common passwords whatever their case", () => {
    expect(checkPassword("Password123").problems).toEqual(["common"]);
    expect(checkPassword("QWERTYUIOP").problems).toContain("common");
  });

  it("refuses passwords built from the email's local part", () => {
    expect(checkPassword("annabelle-2026!", { email: "Annabelle@example.com" }).problems).toEqual([
      "contains_email",
    ]);
    // Short local parts would match too much innocent text.
    expect(checkPassword("bob-the-builder-99", { email: "bob@example.com" }).ok).toBe(true);
  });

  it("refuses long runs and near-single-character passwords", () => {
    expect(checkPassword("aaaaaaab1234").problems).toContain("repetitive");
    expect(checkPassword("abababababab").problems).toContain("repetitive");
  });

  it("explains the first problem in words", () => {
    expect(checkPassword("short").message).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters`);
  });
});
