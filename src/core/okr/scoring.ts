/**
 * End-of-cycle scoring, Google style: each key result is graded 0.0 to 1.0 in steps of 0.1,
 * the objective's score is the weight-averaged key result score, and scores fall in three
 * bands. For stretch goals 0.7 is the sweet spot: scoring 1.0 every cycle means the goals
 * were not ambitious enough.
 *
 *   0.0 - 0.3  red     no real progress
 *   0.4 - 0.6  yellow  progress, but short of the goal
 *   0.7 - 1.0  green   delivered
 *
 * Band edges are compared on the rounded score, so an objective averaging 0.35 is red and
 * one averaging 0.65 is yellow.
 */

export const GRADES = ["red", "yellow", "green"] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_THRESHOLDS = { yellow: 0.4, green: 0.7 } as const;

/** Two-decimal rounding that does not leave 0.30000000000000004 behind. */
const tidy = (value: number) => Math.round(value * 100) / 100;

/**
 * A key result's grade: progress clamped to [0, 1] and rounded half up to the nearest tenth.
 * Multiplying (0.45 * 10 = 4.5) rather than dividing (0.45 / 0.1 = 4.4999...) keeps halves exact.
 */
export function scoreKeyResult(progress: number): number {
  return Math.round(Math.min(1, Math.max(0, progress)) * 10) / 10;
}

/** The objective's score: weighted mean of its key results' scores, to two decimals. */
export function scoreObjective(keyResults: readonly { score: number; weight: number }[]): number {
  if (keyResults.length === 0) return 0;
  const totalWeight = keyResults.reduce((sum, kr) => sum + Math.max(0, kr.weight), 0);
  const mean =
    totalWeight === 0
      ? keyResults.reduce((sum, kr) => sum + kr.score, 0) / keyResults.length
      : keyResults.reduce((sum, kr) => sum + kr.score * Math.max(0, kr.weight), 0) / totalWeight;
  return tidy(mean);
}

export function gradeOf(score: number): Grade {
  // A hair of tolerance so 0.7 computed as 0.6999999999 still lands in green.
  if (score >= GRADE_THRESHOLDS.green - 1e-9) return "green";
  if (score >= GRADE_THRESHOLDS.yellow - 1e-9) return "yellow";
  return "red";
}

export interface FinalScore {
  id: string;
  score: number;
  grade: Grade;
}

/**
 * What closing a cycle records: each objective's score and grade as the tree computed them, and
 * each key result's score with the grade of its band.
 */
export function finalScores(
  objectives: readonly {
    id: string;
    score: number;
    grade: Grade;
    keyResults: readonly { id: string; score: number }[];
  }[],
): { objectives: FinalScore[]; keyResults: FinalScore[] } {
  return {
    objectives: objectives.map(({ id, score, grade }) => ({ id, score, grade })),
    keyResults: objectives.flatMap((objective) =>
      objective.keyResults.map(({ id, score }) => ({ id, score, grade: gradeOf(score) })),
    ),
  };
}
