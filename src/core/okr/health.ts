import { daysBetween, type IsoDate } from "../calendar";
import { type CycleDates, cycleElapsedFraction, cyclePhase } from "./cycles";
import { isOpenTask, type TaskStatus } from "./progress";

/**
 * Health signals the tree shows and the coach talks about: is a key result on pace, has its
 * owner checked in lately, is the work spread fairly.
 */

export const KEY_RESULT_STATUSES = ["not_started", "on_track", "at_risk", "off_track", "done"] as const;
export type KeyResultStatus = (typeof KEY_RESULT_STATUSES)[number];

export type RiskReason = "behind_pace" | "far_behind_pace" | "low_confidence" | "very_low_confidence";

/** Progress this far behind the straight line from 0 to 1 over the cycle is "at risk"... */
export const AT_RISK_GAP = 0.15;
/** ...and this far behind is "off track". */
export const OFF_TRACK_GAP = 0.3;
/** Confidence (0..1, the owner's own forecast) below which a key result is at risk... */
export const LOW_CONFIDENCE = 0.5;
/** ...and below which it is off track. */
export const VERY_LOW_CONFIDENCE = 0.3;
/** Pace is not judged in the first tenth of a cycle: nine days in, zero progress is normal. */
export const PACE_GRACE_FRACTION = 0.1;

export interface KeyResultAssessment {
  status: KeyResultStatus;
  /** Where a straight-line plan would be by now: the elapsed share of the cycle. */
  expectedProgress: number;
  /** expected - actual; positive means behind. */
  gap: number;
  reasons: RiskReason[];
}

/**
 * Judges a key result against elapsed cycle time and its owner's confidence. Confidence
 * can only make things look worse than pace: a forecast of 0.2 is a warning even on pace,
 * while a forecast of 0.9 does not excuse being far behind.
 */
export function assessKeyResult(input: {
  progress: number;
  confidence: number | null;
  cycle: CycleDates;
  today: IsoDate;
}): KeyResultAssessment {
  const expectedProgress = cycleElapsedFraction(input.cycle, input.today);
  const gap = expectedProgress - input.progress;
  if (input.progress >= 1) return { status: "done", expectedProgress, gap, reasons: [] };
  if (cyclePhase(input.cycle, input.today) === "upcoming") {
    return { status: "not_started", expectedProgress, gap, reasons: [] };
  }
  const reasons: RiskReason[] = [];
  const judgePace = expectedProgress >= PACE_GRACE_FRACTION;
  if (judgePace && gap >= OFF_TRACK_GAP - 1e-9) reasons.push("far_behind_pace");
  else if (judgePace && gap >= AT_RISK_GAP - 1e-9) reasons.push("behind_pace");
  if (input.confidence !== null && input.confidence < VERY_LOW_CONFIDENCE)
    reasons.push("very_low_confidence");
  else if (input.confidence !== null && input.confidence < LOW_CONFIDENCE) reasons.push("low_confidence");

  const status: KeyResultStatus =
    reasons.includes("far_behind_pace") || reasons.includes("very_low_confidence")
      ? "off_track"
      : reasons.length > 0
        ? "at_risk"
        : "on_track";
  return { status, expectedProgress, gap, reasons };
}

const STATUS_SEVERITY: Record<KeyResultStatus, number> = {
  done: 0,
  not_started: 1,
  on_track: 2,
  at_risk: 3,
  off_track: 4,
};

/**
 * An objective is as healthy as its least healthy key result; it is done only when every key
 * result is, and with no key results it is on track if the cycle is under way.
 */
export function objectiveStatus(
  statuses: readonly KeyResultStatus[],
  phase: "upcoming" | "active" | "ended",
): KeyResultStatus {
  if (statuses.length === 0) return phase === "upcoming" ? "not_started" : "on_track";
  return statuses.reduce((worst, status) =>
    STATUS_SEVERITY[status] > STATUS_SEVERITY[worst] ? status : worst,
  );
}

export const STALE_CHECK_IN_DAYS = 7;

export interface CheckInStaleness {
  stale: boolean;
  /** Whole days since the last check-in, or since the key result was created if never. */
  daysSince: number;
}

/**
 * A key result is stale when nobody has checked in within the last `thresholdDays` days
 * (today and the six days before it, by default). A new key result gets the same grace from
 * its creation date. Finished key results and cycles that are not running are never stale.
 */
export function checkInStaleness(input: {
  lastCheckInDate: IsoDate | null;
  createdDate: IsoDate;
  today: IsoDate;
  done: boolean;
  cyclePhase: "upcoming" | "active" | "ended";
  thresholdDays?: number;
}): CheckInStaleness {
  const daysSince = Math.max(0, daysBetween(input.lastCheckInDate ?? input.createdDate, input.today));
  const threshold = input.thresholdDays ?? STALE_CHECK_IN_DAYS;
  return { stale: !input.done && input.cyclePhase === "active" && daysSince >= threshold, daysSince };
}

export interface LoadTask {
  assigneeId: string | null;
  status: TaskStatus;
  estimateMinutes: number | null;
}

export type LoadFlag = "overloaded" | "underloaded" | "balanced";

export interface PersonLoad {
  personId: string;
  openTasks: number;
  openMinutes: number;
  flag: LoadFlag;
}

export interface LoadBalance {
  people: PersonLoad[];
  /** Mean open minutes per person listed. */
  meanMinutes: number;
  unassignedOpenTasks: number;
  /** True when nobody is flagged (always true with fewer than two people). */
  balanced: boolean;
}

export const OVERLOAD_RATIO = 1.5;
export const UNDERLOAD_RATIO = 0.5;
/** Un-estimated open tasks still weigh something: an hour each. */
export const DEFAULT_ESTIMATE_MINUTES = 60;

/**
 * Open work per person (todo and in-progress tasks, in estimated minutes). Someone carrying
 * more than 1.5x the mean is overloaded, under 0.5x underloaded. `roster` adds people with no
 * open tasks (e.g. the objective owners), who would otherwise not be seen at all.
 */
export function loadByPerson(tasks: readonly LoadTask[], roster: readonly string[] = []): LoadBalance {
  const byPerson = new Map<string, { openTasks: number; openMinutes: number }>();
  for (const personId of roster) byPerson.set(personId, { openTasks: 0, openMinutes: 0 });
  let unassignedOpenTasks = 0;
  for (const task of tasks) {
    if (!isOpenTask(task.status)) continue;
    if (!task.assigneeId) {
      unassignedOpenTasks++;
      continue;
    }
    const entry = byPerson.get(task.assigneeId) ?? { openTasks: 0, openMinutes: 0 };
    entry.openTasks++;
    entry.openMinutes += task.estimateMinutes ?? DEFAULT_ESTIMATE_MINUTES;
    byPerson.set(task.assigneeId, entry);
  }
  const entries = [...byPerson.entries()];
  const meanMinutes =
    entries.length === 0 ? 0 : entries.reduce((sum, [, load]) => sum + load.openMinutes, 0) / entries.length;
  const judge = entries.length >= 2 && meanMinutes > 0;
  const people = entries
    .map(([personId, load]): PersonLoad => {
      let flag: LoadFlag = "balanced";
      if (judge && load.openMinutes > meanMinutes * OVERLOAD_RATIO) flag = "overloaded";
      else if (judge && load.openMinutes < meanMinutes * UNDERLOAD_RATIO) flag = "underloaded";
      return { personId, ...load, flag };
    })
    .sort((a, b) => b.openMinutes - a.openMinutes || a.personId.localeCompare(b.personId));
  return {
    people,
    meanMinutes,
    unassignedOpenTasks,
    balanced: people.every((person) => person.flag === "balanced"),
  };
}
