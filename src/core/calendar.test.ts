import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoDate, isMonday, mondayOf, utcDate } from "./calendar";

describe("calendar dates", () => {
  it.each(["2025-02-28", "2024-02-29", "2025-12-31"])("accepts %s", (date) => {
    expect(isIsoDate(date)).toBe(true);
  });
  it.each(["2025-02-29", "2025-13-01", "2025-1-5", "05/04/2025", "2025-04-31", ""])("rejects %j", (date) => {
    expect(isIsoDate(date)).toBe(false);
  });

  it("counts days across month, year and leap boundaries", () => {
    expect(daysBetween("2025-01-31", "2025-03-01")).toBe(29);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2025-12-31", "2026-01-01")).toBe(1);
    expect(daysBetween("2025-06-15", "2025-06-01")).toBe(-14);
    // Daylight saving never shifts a day: the arithmetic is on UTC midnights.
    expect(daysBetween("2025-03-29", "2025-03-31")).toBe(2);
    expect(addDays("2025-10-25", 2)).toBe("2025-10-27");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
  });

  it("finds the Monday of a week", () => {
    expect(mondayOf("2025-06-16")).toBe("2025-06-16"); // Monday
    expect(mondayOf("2025-06-22")).toBe("2025-06-16"); // Sunday
    expect(mondayOf("2025-06-18")).toBe("2025-06-16");
    expect(mondayOf("2026-01-01")).toBe("2025-12-29");
    expect(isMonday("2025-06-16")).toBe(true);
    expect(isMonday("2025-06-17")).toBe(false);
    expect(isMonday("not a date")).toBe(false);
  });

  it("takes today's date in UTC", () => {
    expect(utcDate(new Date("2025-06-15T23:59:59.999Z"))).toBe("2025-06-15");
    expect(utcDate(new Date("2025-06-16T00:30:00+02:00"))).toBe("2025-06-15");
  });

  it("refuses arithmetic on non-dates", () => {
    expect(() => daysBetween("2025-02-30", "2025-03-01")).toThrow(RangeError);
  });
});
