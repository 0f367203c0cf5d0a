import { describe, expect, it } from "vitest";
import { costOf, formatHundredths, fromHundredths, toHundredths } from "./money";

describe("money in hundredths", () => {
  it.each([
    ["125.5", 12550],
    ["125.50", 12550],
    ["0.05", 5],
    ["7", 700],
    [" 42.10 ", 4210],
    ["-3.1", -310],
    [7.3, 730],
    [0.1 + 0.2, 30],
    [1234.56, 123456],
  ] as const)("%j is %d", (input, expected) => {
    expect(toHundredths(input)).toBe(expected);
  });

  it.each(["1.234", "abc", "", "1e3", 1.234, Number.NaN, Number.POSITIVE_INFINITY])("rejects %j", (input) => {
    expect(() => toHundredths(input)).toThrow(RangeError);
  });

  it("formats for numeric columns and exports", () => {
    expect(formatHundredths(12550)).toBe("125.50");
    expect(formatHundredths(5)).toBe("0.05");
    expect(formatHundredths(-310)).toBe("-3.10");
    expect(formatHundredths(0)).toBe("0.00");
    expect(fromHundredths(12550)).toBe(125.5);
  });

  it("prices hours at a rate, rounding half up to the cent", () => {
    expect(costOf(750, 12345)).toBe(92588); // 7.5 h × 123.45 = 925.875
    expect(costOf(100, 10000)).toBe(10000);
    expect(costOf(33, 12000)).toBe(3960); // 0.33 h × 120 = 39.60
    expect(costOf(1, 1)).toBe(0); // 0.01 h × 0.01 = 0.0001
    expect(costOf(50, 1)).toBe(1); // 0.005 rounds up
  });
});
