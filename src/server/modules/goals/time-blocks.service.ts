import { renderCalendar } from "../../../core/icalendar";
import { canInOrg } from "../../../core/permissions";
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { generateToken, hashToken } from "../../lib/tokens";
import { recordAudit } from "../audit";
import type { CheckInsService } from "./check-ins.service";
import { type GoalsContext, type GoalsDeps, goalsViewer, requireTask } from "./context";
import { getUserName, type Viewer } from "./objectives.queries";
import type { ObjectivesService } from "./objectives.service";
import {
  createFeedToken,
  createTimeBlock,
  deleteTimeBlock,
  findLiveFeedToken,
  getLiveFeedToken,
  getTimeBlock,
  listTimeBlocks,
  revokeFeedTokens,
  type TimeBlockRow,
  touchFeedToken,
  updateTimeBlock,
} from "./time-blocks.queries";

const DAY_MS = 86_400_000;
/** A block is a slot in a day's plan, not a multi-day event. */
export const MAX_BLOCK_MS = DAY_MS;
/** The feed carries recent history and everything ahead. */
const FEED_HISTORY_DAYS = 60;
const FEED_MAX_EVENTS = 2000;
/** Last-used times are refreshed at most this often, not on every calendar poll. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;
/** Calendar feed tokens are 32 random bytes, base64url. */
export const FEED_TOKEN_PATTERN = /^([A-Za-z0-9_-]{43})\.ics$/;

export type CompletionLog = { log: "none" } | { log: "task_done" } | { log: "key_result"; amount: number };

function assertSlot(startsAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) {
    throw new AppError("VALIDATION_ERROR", {
      message: "ends_at must be after starts_at",
      details: [{ path: "ends_at", message: "must be after starts_at" }],
    });
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_BLOCK_MS) {
    throw new AppError("VALIDATION_ERROR", {
      message: "A time block lasts at most 24 hours",
      details: [{ path: "ends_at", message: "at most 24 hours after starts_at" }],
    });
  }
}

/**
 * Time blocks: tasks scheduled into a person's week, and the iCalendar feed that puts them in
 * Outlook or Google Calendar. A person's blocks are theirs alone; someone else's are not found.
 */
export function createTimeBlocksService(
  deps: GoalsDeps,
  context: GoalsContext,
  services: { objectives: ObjectivesService; checkIns: CheckInsService },
) {
  const { db } = deps;
  const feedUrl = (token: string) => `${deps.publicUrl}/api/calendar/${token}.ics`;
  const uidDomain = new URL(deps.publicUrl).hostname;

  /**
   * One of the caller's blocks as the API shows it, with its task, key result and objective.
   * A block whose task (or key result, or objective) was deleted, or whose objective the caller
   * no longer sees, is left out of every listing, so it is not found here either.
   */
  const requireVisibleBlock = async (tx: Executor, scope: OrgScope, viewer: Viewer, id: string) => {
    const [block] = await listTimeBlocks(tx, { orgId: scope.orgId, viewer, id, limit: 1 });
    if (!block) throw new AppError("NOT_FOUND", { message: "No such time block" });
    return block;
  };
  /** One of the caller's blocks, whatever became of its task: enough to remove it. */
  const requireOwnBlock = async (tx: Executor, scope: OrgScope, id: string) => {
    const block = await getTimeBlock(tx, scope.orgId, scope.userId!, id);
    if (!block) throw new AppError("NOT_FOUND", { message: "No such time block" });
    return block;
  };
  const blockAudit = (block: TimeBlockRow) => ({
    taskId: block.taskId,
    startsAt: block.startsAt.toISOString(),
    endsAt: block.endsAt.toISOString(),
    note: block.note,
    completedAt: block.completedAt?.toISOString() ?? null,
  });

  return {
    /** The caller's blocks overlapping [from, to), e.g. one week of the calendar. */
    list: (scope: OrgScope, range: { from: Date; to: Date }) =>
      context.run(scope, (tx, viewer) =>
        listTimeBlocks(tx, { orgId: scope.orgId, viewer, from: range.from, to: range.to, limit: 1000 }),
      ),

    /** Schedules a task the caller may work on: edit rights on its objective, or it is assigned to them. */
    create: (
      scope: OrgScope,
      input: { task_id: string; starts_at: string; ends_at: string; note?: string },
    ) =>
      context.run(scope, async (tx, viewer) => {
        await requireTask(tx, scope, viewer, input.task_id, "edit", { assigneeMay: true });
        const startsAt = new Date(input.starts_at);
        const endsAt = new Date(input.ends_at);
        assertSlot(startsAt, endsAt);
        const block = await createTimeBlock(tx, {
          orgId: scope.orgId,
          taskId: input.task_id,
          userId: viewer.userId,
          startsAt,
          endsAt,
          note: input.note ?? "",
        });
        await recordAudit(tx, scope, {
          action: "time_block.created",
          entityType: "time_block",
          entityId: block.id,
          after: blockAudit(block),
        });
        return requireVisibleBlock(tx, scope, viewer, block.id);
      }),

    /** Moves or resizes a block (a drag in the week view), or changes its note. */
    update: (scope: OrgScope, id: string, input: { starts_at?: string; ends_at?: string; note?: string }) =>
      context.run(scope, async (tx, viewer) => {
        const before = await requireVisibleBlock(tx, scope, viewer, id);
        const startsAt = input.starts_at ? new Date(input.starts_at) : before.startsAt;
        const endsAt = input.ends_at ? new Date(input.ends_at) : before.endsAt;
        assertSlot(startsAt, endsAt);
        const after = await updateTimeBlock(tx, scope.orgId, id, {
          startsAt,
          endsAt,
          ...(input.note !== undefined ? { note: input.note } : {}),
        });
        await recordAudit(tx, scope, {
          action: "time_block.updated",
          entityType: "time_block",
          entityId: id,
          before: blockAudit(before),
          after: blockAudit(after!),
        });
        return requireVisibleBlock(tx, scope, viewer, id);
      }),

    /**
     * Removes a block outright: it is a calendar slot, not content, and its audit row keeps
     * everything needed to put it back.
     */
    remove: (scope: OrgScope, id: string) =>
      context.run(scope, async (tx) => {
        const block = await requireOwnBlock(tx, scope, id);
        await deleteTimeBlock(tx, scope.orgId, id);
        await recordAudit(tx, scope, {
          action: "time_block.deleted",
          entityType: "time_block",
          entityId: id,
          before: blockAudit(block),
        });
      }),

    /**
     * Marks a block done and, if asked, logs the progress: the task done, or `amount` added to
     * its key result as this week's check-in (so it shows in the history). Once only: a
     * completed block answers 409, so progress is never logged twice.
     */
    complete: (scope: OrgScope, id: string, log: CompletionLog) =>
      context.write(scope, async (write) => {
        const block = await requireVisibleBlock(write.tx, scope, write.viewer, id);
        if (block.completedAt) {
          throw new AppError("CONFLICT", { message: "This time block is already completed" });
        }
        if (log.log === "task_done") {
          await services.objectives.updateTaskIn(write, block.taskId, { status: "done" });
        } else if (log.log === "key_result") {
          const { keyResult } = await requireTask(write.tx, scope, write.viewer, block.taskId, "edit");
          await services.checkIns.checkInWith(write, keyResult.id, {
            value: keyResult.currentValue + log.amount,
          });
        }
        const after = await updateTimeBlock(write.tx, scope.orgId, id, {
          completedAt: write.now,
          progressLogged: log.log !== "none",
        });
        await write.audit({
          action: "time_block.completed",
          entityType: "time_block",
          entityId: id,
          after: { ...blockAudit(after!), log },
        });
        return requireVisibleBlock(write.tx, scope, write.viewer, id);
      }),

    feedStatus: (scope: OrgScope) =>
      inTenant(db, scope, (tx) => getLiveFeedToken(tx, scope.orgId, scope.userId!)),

    /** Creates the caller's feed URL, or replaces it (the old URL stops working). The URL is shown once. */
    rotateFeed: (scope: OrgScope) =>
      inTenant(db, scope, async (tx) => {
        const revoked = await revokeFeedTokens(tx, scope.orgId, scope.userId!, deps.now());
        const token = generateToken();
        const row = await createFeedToken(tx, {
          orgId: scope.orgId,
          userId: scope.userId!,
          tokenHash: hashToken(token),
        });
        await recordAudit(tx, scope, {
          action: revoked > 0 ? "calendar_feed.rotated" : "calendar_feed.created",
          entityType: "calendar_feed",
          entityId: row.id,
        });
        return { url: feedUrl(token), createdAt: row.createdAt };
      }),

    revokeFeed: (scope: OrgScope) =>
      inTenant(db, scope, async (tx) => {
        const live = await getLiveFeedToken(tx, scope.orgId, scope.userId!);
        if (!live) throw new AppError("NOT_FOUND", { message: "There is no calendar feed to revoke" });
        await revokeFeedTokens(tx, scope.orgId, scope.userId!, deps.now());
        await recordAudit(tx, scope, {
          action: "calendar_feed.revoked",
          entityType: "calendar_feed",
          entityId: live.id,
        });
      }),

    /**
     * The public feed: the token is the only credential. An unknown or revoked token, or a
     * person no longer allowed to use Goals in that org, gets 404 like any missing page.
     */
    async renderFeed(file: string): Promise<string> {
      const token = FEED_TOKEN_PATTERN.exec(file)?.[1];
      const found = token ? await findLiveFeedToken(db, hashToken(token)) : undefined;
      const membership = found ? await deps.members.findMembership(found.orgId, found.userId) : undefined;
      if (!found || !membership || !canInOrg(membership.role, "goals.use")) {
        throw new AppError("NOT_FOUND", { message: "No such calendar" });
      }
      const now = deps.now();
      return inTenant(db, { orgId: found.orgId, userId: found.userId }, async (tx) => {
        const viewer = goalsViewer(
          found.userId,
          membership.role,
          await deps.groups.groupIdsOf(tx, found.orgId, found.userId),
        );
        const blocks = await listTimeBlocks(tx, {
          orgId: found.orgId,
          viewer,
          from: new Date(now.getTime() - FEED_HISTORY_DAYS * DAY_MS),
          limit: FEED_MAX_EVENTS,
        });
        if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
          await touchFeedToken(tx, found.orgId, found.id, now);
        }
        const name = (await getUserName(tx, found.userId)) ?? "Cairn";
        return renderCalendar({
          productId: "-//Cairn//Goals//EN",
          name: `Cairn goals: ${name}`,
          description: "Time blocked for tasks in Cairn Goals",
          refreshMinutes: 30,
          events: blocks.map((block) => {
            const link = `${deps.publicUrl}/goals?task=${block.taskId}`;
            return {
              uid: `${block.id}@${uidDomain}`,
              start: block.startsAt,
              end: block.endsAt,
              stamp: block.updatedAt,
              summary: `${block.completedAt ? "✓ " : ""}${block.taskTitle}`,
              description: [
                `Key result: ${block.keyResultTitle}`,
                `Objective: ${block.objectiveTitle}`,
                ...(block.note ? ["", block.note] : []),
                "",
                `Open in Cairn: ${link}`,
              ].join("\n"),
              url: link,
            };
          }),
        });
      });
    },
  };
}

export type TimeBlocksService = ReturnType<typeof createTimeBlocksService>;
