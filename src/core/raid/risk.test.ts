import { describe, expect, it } from "vitest";
import { buildHeatMap, riskLevel, riskScore } from "./risk";

describe("riskScore", () => {
  it("multiplies probability by impact", () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(3, 4)).toBe(12);
    expect(riskScore(5, 5)).toBe(25);
  });
  it("is null until both are rated", () => {
    expect(riskScore(null, 3)).toBeNull();
    expect(riskScore(3, null)).toBeNull();
  });
  it.each([0, 6, 2.5, -1])("rejects the rating %d", (rating) => {
    expect(() => riskScore(rating, 3)).toThrow(RangeError);
    expect(() => riskScore(3, rating)).toThrow(RangeError);
  });
});

describe("riskLevel", () => {
  it.each([
    [1, "low"],
    [4, "low"],
    [5, "medium"],
    [9, "medium"],
    [10, "high"],
    [15, "high"],
    [16, "critical"],
    [25, "critical"],
  ] as const)("%d is %s", (score, level) => {
    expect(riskLevel(score)).toBe(level);
  });
  it.each([0, 26, 3.5])("rejects %d", (score) => {
    expect(() => riskLevel(score)).toThrow(RangeError);
  });
});

describe("buildHeatMap", () => {
  it("lays out 25 cells, highest impact first, and sums repeated tallies", () => {
    const map = buildHeatMap([
      { probability: 5, impact: 5, count: 2 },
      { probability: 1, impact: 1, count: 1 },
      { probability: 5, impact: 5, count: 1 },
      { probability: 2, impact: 4, count: 4 },
      { probability: null, impact: 3, count: 2 },
      { probability: 4, impact: null, count: 1 },
    ]);
    expect(map.cells).toHaveLength(25);
    expect(map.cells[0]).toEqual({ probability: 1, impact: 5, score: 5, level: "medium", count: 0 });
    expect(map.cells[4]).toEqual({ probability: 5, impact: 5, score: 25, level: "critical", count: 3 });
    expect(map.cells[24]).toEqual({ probability: 5, impact: 1, score: 5, level: "medium", count: 0 });
    expect(map.cells.find((cell) => cell.probability === 2 && cell.impact === 4)).toMatchObject({
      score: 8,
      level: "medium",
      count: 4,
    });
    expect(map.cells.find((cell) => cell.probability === 1 && cell.impact === 1)?.count).toBe(1);
    expect(map.rated).toBe(8);
    expect(map.unrated).toBe(3);
    expect(map.cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(map.rated);
  });

  it("is all zeroes with no risks", () => {
    const map = buildHeatMap([]);
    expect(map.cells.every((cell) => cell.count === 0)).toBe(true);
    expect(map).toMatchObject({ rated: 0, unrated: 0 });
  });

  it("refuses out-of-range ratings", () => {
    expect(() => buildHeatMap([{ probability: 6, impact: 1, count: 1 }])).toThrow(RangeError);
  });
});
