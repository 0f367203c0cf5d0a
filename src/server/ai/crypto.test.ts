import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, secretHint } from "./crypto";

describe("sealed secrets (AES-256-GCM)", () => {
  const key = randomBytes(32);

  it("round-trips and never repeats a ciphertext for the same secret", () => {
    const first = sealSecret(key, "sk-live-123", "org-a");
    const second = sealSecret(key, "sk-live-123", "org-a");
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(Buffer.from(first.iv, "base64")).toHaveLength(12);
    expect(openSecret(key, first, "org-a")).toBe("sk-live-123");
  });

  it("refuses the wrong key, the wrong org and any tampering", () => {
    const sealed = sealSecret(key, "sk-live-123", "org-a");
    expect(() => openSecret(randomBytes(32), sealed, "org-a")).toThrow();
    expect(() => openSecret(key, sealed, "org-b")).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, "base64");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(key, { ...sealed, ciphertext: flipped.toString("base64") }, "org-a")).toThrow();
    expect(() => openSecret(key, { ...sealed, tag: randomBytes(16).toString("base64") }, "org-a")).toThrow();
  });

  it("hints at a key by its last four characters, and not at all when it is short", () => {
    expect(secretHint("sk-proj-abcdefgh1234")).toBe("…1234");
    expect(secretHint("short")).toBe("…");
  });
});
