/** Probability and impact are rated 1 (lowest) to 5 (highest). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export function isRating(value: number): boolean {
  return Number.isInteger(value) && value >= RATING_MIN && value <= RATING_MAX;
}

/** Probability × impact (1–25); null until both are rated. */
export function riskScore(probability: number | null, impact: number | null): number | null {
  if (probability === null || impact === null) return null;
  if (!isRating(probability) || !isRating(impact)) throw new RangeError("ratings are whole numbers 1-5");
  return probability * impact;
}

/**
 * The band of a score on the 5×5 matrix: 1–4 low, 5–9 medium, 10–15 high, 16–25 critical.
 * So a 4×4, or anything rated 5 against a 4 or 5, is critical.
 */
export function riskLevel(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 1 || score > 25) throw new RangeError(`not a risk score: ${score}`);
  if (score >= 16) return "critical";
  if (score >= 10) return "high";
  if (score >= 5) return "medium";
  return "low";
}

export interface HeatMapCell {
  probability: number;
  impact: number;
  score: number;
  level: RiskLevel;
  count: number;
}

export interface HeatMap {
  /** 25 cells, impact 5 (top row) down to 1, probability 1 to 5 within a row. */
  cells: HeatMapCell[];
  /** Risks counted in the grid. */
  rated: number;
  /** Risks missing a probability or an impact, which the grid cannot place. */
  unrated: number;
}

/**
 * Buckets counted risks onto the probability × impact grid. Input rows are (probability,
 * impact, count) tallies — from SQL `group by` or from a list — and may repeat a cell.
 */
export function buildHeatMap(
  tallies: { probability: number | null; impact: number | null; count: number }[],
): HeatMap {
  const counts = new Map<string, number>();
  let rated = 0;
  let unrated = 0;
  for (const { probability, impact, count } of tallies) {
    if (probability === null || impact === null) {
      unrated += count;
      continue;
    }
    if (!isRating(probability) || !isRating(impact)) throw new RangeError("ratings are whole numbers 1-5");
    const key = `${probability}:${impact}`;
    counts.set(key, (counts.get(key) ?? 0) + count);
    rated += count;
  }
  const cells: HeatMapCell[] = [];
  for (let impact = RATING_MAX; impact >= RATING_MIN; impact--) {
    for (let probability = RATING_MIN; probability <= RATING_MAX; probability++) {
      const score = probability * impact;
      cells.push({
        probability,
        impact,
        score,
        level: riskLevel(score),
        count: counts.get(`${probability}:${impact}`) ?? 0,
      });
    }
  }
  return { cells, rated, unrated };
}
