import { addDays, isMonday, utcDate } from "../../../core/calendar";
import {
  checkInStaleness,
  checkInWeeks,
  isCheckInWeekOf,
  type KeyResultType,
  keyResultProgress,
  weekStartOf,
} from "../../../core/okr";
import { canInOrg } from "../../../core/permissions";
import type { Executor } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit, systemScope } from "../audit";
import type { NotificationDraft } from "../notifications";
import {
  type CheckInRow,
  createCheckIn,
  getCheckIn,
  getCheckInForWeek,
  getLatestCheckIn,
  listCheckIns,
  listKeyResultsQuietSince,
  listOrgsWithRunningCycles,
  listTaskStatusesOfKeyResults,
  updateCheckIn,
} from "./check-ins.queries";
import { type GoalsContext, type GoalsDeps, requireKeyResult, type WriteContext } from "./context";
import { getCycle } from "./cycles.queries";
import type { CheckInInput, UpdateCheckInInput } from "./goals.schemas";
import { getUserName, type KeyResultRow, updateKeyResult } from "./objectives.queries";

const invalid = (path: string, message: string) =>
  new AppError("VALIDATION_ERROR", { message: `${path}: ${message}`, details: [{ path, message }] });

function assertValueFits(type: KeyResultType, value: number) {
  if (type === "boolean" && value !== 0 && value !== 1)
    throw invalid("value", "must be 0 (not done) or 1 (done)");
  if (type === "percentage" && (value < 0 || value > 100))
    throw invalid("value", "must be between 0 and 100");
  if (type === "milestone" && (!Number.isInteger(value) || value < 0)) {
    throw invalid("value", "must be a whole number of milestones reached");
  }
}

/**
 * Weekly check-ins, with their full history. A key result's current value and confidence
 * follow the check-in of its latest week, so correcting last week's entry after this week's
 * does not wind the value back.
 */
export function createCheckInsService(deps: GoalsDeps, context: GoalsContext) {
  /**
   * A check-in for the latest week sets the key result's current value (and confidence, when
   * given); correcting an older week only fixes the history. Checking in (not correcting) marks the
   * key result as checked in now, which is what staleness and reminders look at.
   */
  async function syncKeyResult(
    write: WriteContext,
    keyResult: KeyResultRow,
    written: CheckInRow,
    checkedInNow: boolean,
  ) {
    const latest = await getLatestCheckIn(write.tx, write.scope.orgId, keyResult.id);
    const isLatest = latest?.id === written.id;
    const patch = {
      ...(isLatest ? { currentValue: written.value } : {}),
      ...(isLatest && written.confidence !== null ? { confidence: written.confidence } : {}),
      ...(checkedInNow ? { lastCheckInAt: write.now } : {}),
    };
    // Correcting an older week changes only the history, not the key result.
    if (Object.keys(patch).length > 0)
      await updateKeyResult(write.tx, write.scope.orgId, keyResult.id, patch);
    write.changes.touchObjective(keyResult.objectiveId);
  }

  /** A check-in as the API shows it: with the name of the person who first made it. */
  const withAuthorName = async (tx: Executor, row: CheckInRow) => ({
    ...row,
    authorName: row.authorId ? ((await getUserName(tx, row.authorId)) ?? null) : null,
  });

  const checkInAudit = (row: CheckInRow) => ({
    keyResultId: row.keyResultId,
    weekStart: row.weekStart,
    value: row.value,
    confidence: row.confidence,
    note: row.note,
  });

  return {
    list: (scope: OrgScope, keyResultId: string, query: PaginationQuery) =>
      context.run(scope, async (tx, viewer) => {
        await requireKeyResult(tx, scope, viewer, keyResultId, "view");
        return listCheckIns(tx, scope.orgId, keyResultId, toPageRequest(query));
      }),

    /**
     * Checks in for a week (this week by default). There is one check-in per key result and
     * week: checking in again the same week updates that week's entry.
     */
    checkIn: (scope: OrgScope, keyResultId: string, input: CheckInInput) =>
      context.write(scope, (write) => checkInWith(write, keyResultId, input)),

    /** Corrects a past check-in; the history keeps the row, marked edited. */
    update: (scope: OrgScope, id: string, input: UpdateCheckInInput) =>
      context.write(scope, async (write) => {
        const before = await getCheckIn(write.tx, scope.orgId, id);
        if (!before) throw new AppError("NOT_FOUND", { message: "No such check-in" });
        const { keyResult } = await requireKeyResult(
          write.tx,
          scope,
          write.viewer,
          before.keyResultId,
          "edit",
        ).catch((error: unknown) => {
          throw error instanceof AppError && error.code === "NOT_FOUND"
            ? new AppError("NOT_FOUND", { message: "No such check-in" })
            : error;
        });
        if (input.value !== undefined) assertValueFits(keyResult.type, input.value);
        const after = await updateCheckIn(write.tx, scope.orgId, id, {
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          editedAt: write.now,
        });
        await write.audit({
          action: "check_in.updated",
          entityType: "check_in",
          entityId: id,
          before: checkInAudit(before),
          after: checkInAudit(after!),
        });
        await syncKeyResult(write, keyResult, after!, false);
        return withAuthorName(write.tx, after!);
      }),

    /** For the coach's accepted check-in actions, inside their own write. */
    checkInWith,

    /**
     * Reminds owners of key results nobody has checked in on for a week (today and the six
     * days before), once per ISO week: each owner gets one notification listing them, and a
     * second run in the same week sends nothing. Runs as the system across orgs; returns how
     * many people were reminded.
     */
    async sendCheckInReminders(now: Date = deps.now()): Promise<{ orgs: number; reminded: number }> {
      const today = utcDate(now);
      const weekStart = weekStartOf(today);
      const quietBefore = new Date(`${addDays(today, -6)}T00:00:00Z`);
      const orgIds = await listOrgsWithRunningCycles(deps.db, today);
      let reminded = 0;
      for (const orgId of orgIds) {
        const scope = systemScope(orgId);
        reminded += await deps.notifications.transaction(scope, async (tx, notify) => {
          const drafts = await reminderDrafts(tx, orgId, today, weekStart, quietBefore);
          const created = await notify(drafts);
          for (const row of created) {
            await recordAudit(tx, scope, {
              action: "notification.check_in_reminder_sent",
              entityType: "notification",
              entityId: row.id,
              after: { recipientId: row.recipientId, weekStart },
            });
          }
          return created.length;
        });
      }
      return { orgs: orgIds.length, reminded };
    },
  };

  async function checkInWith(write: WriteContext, keyResultId: string, input: CheckInInput) {
    const { tx, scope } = write;
    const { keyResult, objective } = await requireKeyResult(tx, scope, write.viewer, keyResultId, "edit");
    assertValueFits(keyResult.type, input.value);
    const thisWeek = weekStartOf(write.today);
    const weekStart = input.week_start ?? thisWeek;
    if (!isMonday(weekStart)) throw invalid("week_start", "must be a Monday");
    if (weekStart > thisWeek) throw invalid("week_start", "cannot check in for a future week");
    const cycle = (await getCycle(tx, scope.orgId, objective.cycleId))!;
    if (!isCheckInWeekOf(cycle, weekStart)) {
      const { first, last } = checkInWeeks(cycle);
      throw invalid(
        "week_start",
        `the week of ${weekStart} is outside ${cycle.name} (${cycle.startDate} to ${cycle.endDate}): check in for a week from ${first} to ${last}`,
      );
    }
    const existing = await getCheckInForWeek(tx, scope.orgId, keyResultId, weekStart);
    const checkIn = existing
      ? await updateCheckIn(tx, scope.orgId, existing.id, {
          value: input.value,
          ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          editedAt: write.now,
        })
      : await createCheckIn(tx, {
          orgId: scope.orgId,
          keyResultId,
          authorId: scope.userId,
          value: input.value,
          confidence: input.confidence ?? null,
          note: input.note ?? "",
          weekStart,
        });
    await write.audit({
      action: existing ? "check_in.updated" : "check_in.created",
      entityType: "check_in",
      entityId: checkIn!.id,
      ...(existing ? { before: checkInAudit(existing) } : {}),
      after: checkInAudit(checkIn!),
    });
    await syncKeyResult(write, keyResult, checkIn!, true);
    return { checkIn: await withAuthorName(tx, checkIn!), created: !existing };
  }

  async function reminderDrafts(
    tx: Executor,
    orgId: string,
    today: string,
    weekStart: string,
    quietBefore: Date,
  ): Promise<NotificationDraft[]> {
    const candidates = await listKeyResultsQuietSince(tx, orgId, today, quietBefore);
    const statuses = await listTaskStatusesOfKeyResults(
      tx,
      orgId,
      candidates.filter((kr) => kr.type === "milestone").map((kr) => kr.id),
    );
    const byOwner = new Map<
      string,
      { id: string; title: string; objective_id: string; objective_title: string; days_since: number }[]
    >();
    for (const kr of candidates) {
      const done =
        keyResultProgress(
          kr,
          statuses.filter((task) => task.keyResultId === kr.id),
        ) >= 1;
      const staleness = checkInStaleness({
        lastCheckInDate: kr.lastCheckInAt ? utcDate(kr.lastCheckInAt) : null,
        createdDate: utcDate(kr.createdAt),
        today,
        done,
        cyclePhase: "active",
      });
      if (!staleness.stale) continue;
      const list = byOwner.get(kr.ownerId) ?? [];
      list.push({
        id: kr.id,
        title: kr.title,
        objective_id: kr.objectiveId,
        objective_title: kr.objectiveTitle,
        days_since: staleness.daysSince,
      });
      byOwner.set(kr.ownerId, list);
    }
    const drafts: NotificationDraft[] = [];
    for (const [ownerId, keyResults] of byOwner) {
      // Someone who left the org, or can no longer use Goals, is not chased.
      const membership = await deps.members.findMembership(orgId, ownerId, tx);
      if (!membership || !canInOrg(membership.role, "goals.use")) continue;
      drafts.push({
        kind: "check_in_reminder",
        recipientId: ownerId,
        dedupeKey: `check_in_reminder:${weekStart}`,
        payload: { week_start: weekStart, key_results: keyResults, link: "/goals?view=check-ins" },
      });
    }
    return drafts;
  }
}

export type CheckInsService = ReturnType<typeof createCheckInsService>;
