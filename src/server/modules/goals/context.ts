import { type IsoDate, utcDate } from "../../../core/calendar";
import type { OrgRole } from "../../../core/permissions";
import { canInOrg } from "../../../core/permissions";
import { type Database, type Executor, inTenant, type Transaction } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { type AuditChange, recordAudit } from "../audit";
import type { GroupsService } from "../groups";
import type { MembersService } from "../members";
import type { NotificationsService, Notify } from "../notifications";
import { CacheChanges, type CacheUpdate, finishWrite } from "./cache-update";
import { getCycle } from "./cycles.queries";
import {
  type AccessibleObjective,
  type AccessName,
  accessName,
  getAccessLevel,
  getKeyResult,
  getObjectiveWithAccess,
  getTask,
  getUserName,
  type KeyResultRow,
  type TaskRow,
  type Viewer,
} from "./objectives.queries";

/** What the Goals services are built from. */
export interface GoalsDeps {
  db: Database;
  members: MembersService;
  groups: GroupsService;
  notifications: NotificationsService;
  /** Absolute base for links in mails and the calendar feed. */
  publicUrl: string;
  /** The clock: "today" (UTC) drives pace, staleness and check-in weeks. */
  now: () => Date;
}

/** A goals write in progress: its transaction, who is writing, and what it touched. */
export interface WriteContext {
  tx: Transaction;
  scope: OrgScope;
  viewer: Viewer;
  notify: Notify;
  changes: CacheChanges;
  now: Date;
  today: IsoDate;
  audit(change: AuditChange): Promise<void>;
  /** The writer's display name, for notifications. */
  actorName(): Promise<string>;
}

const RANK: Record<AccessName, number> = { view: 1, edit: 2, owner: 3 };

const notFound = (what: string) => new AppError("NOT_FOUND", { message: `No such ${what}` });

function assertAccess(objective: AccessibleObjective, need: AccessName) {
  if (objective.accessLevel < RANK[need]) {
    throw new AppError("FORBIDDEN", {
      message:
        need === "owner"
          ? "Only the objective's owner can do this"
          : "You can view this objective but not change it",
      details: { need, access: accessName(objective.accessLevel) },
    });
  }
}

/**
 * 409 if the cycle is closed: its scores are final, and its goals read-only until it is reopened.
 * Every change to an objective, key result, task or check-in goes through this (sharing aside).
 */
export async function assertCycleOpen(tx: Executor, orgId: string, cycleId: string) {
  const cycle = await getCycle(tx, orgId, cycleId);
  if (cycle?.closedAt) {
    throw new AppError("CONFLICT", {
      message: `${cycle.name} is closed and its scores are final: reopen the cycle to change its goals`,
      details: { cycle_id: cycle.id, closed_at: cycle.closedAt.toISOString() },
    });
  }
}

interface RequireOptions {
  /** Look in the bin instead. */
  deleted?: boolean;
  /** The change does not touch what is scored (sharing), so a closed cycle allows it. */
  closedCycleOk?: boolean;
}

/** For a change (anything beyond view), that the objective's cycle is still open (409). */
async function assertOpenFor(
  tx: Executor,
  scope: OrgScope,
  objective: AccessibleObjective,
  need: AccessName,
  options: RequireOptions,
) {
  if (need !== "view" && !options.closedCycleOk) await assertCycleOpen(tx, scope.orgId, objective.cycleId);
}

/**
 * The caller's standing on an objective: not visible (or deleted, unless `deleted` is asked
 * for and the caller owns it) is 404, visible without enough access is 403, a change in a
 * closed cycle is 409. Key results, tasks and check-ins take their objective's standing.
 */
export async function requireObjective(
  tx: Executor,
  scope: OrgScope,
  viewer: Viewer,
  id: string,
  need: AccessName,
  options: RequireOptions = {},
): Promise<AccessibleObjective> {
  const objective = await getObjectiveWithAccess(tx, { orgId: scope.orgId, id, viewer });
  if (!objective || Boolean(objective.deletedAt) !== Boolean(options.deleted)) throw notFound("objective");
  // A deleted objective exists only for its owner (the bin); nobody else may learn of it.
  if (options.deleted && objective.accessLevel < RANK.owner) throw notFound("objective");
  assertAccess(objective, need);
  await assertOpenFor(tx, scope, objective, need, options);
  return objective;
}

export async function requireKeyResult(
  tx: Executor,
  scope: OrgScope,
  viewer: Viewer,
  id: string,
  need: AccessName,
  options: RequireOptions = {},
): Promise<{ keyResult: KeyResultRow; objective: AccessibleObjective }> {
  const keyResult = await getKeyResult(tx, scope.orgId, id);
  const objective = keyResult
    ? await getObjectiveWithAccess(tx, { orgId: scope.orgId, id: keyResult.objectiveId, viewer })
    : undefined;
  if (
    !keyResult ||
    !objective ||
    objective.deletedAt ||
    Boolean(keyResult.deletedAt) !== Boolean(options.deleted)
  ) {
    throw notFound("key result");
  }
  assertAccess(objective, need);
  await assertOpenFor(tx, scope, objective, need, options);
  return { keyResult, objective };
}

/**
 * A task and its objective. `assigneeMay` lets the task's assignee through with view access
 * (they may move their own task along without edit rights on the whole objective).
 */
export async function requireTask(
  tx: Executor,
  scope: OrgScope,
  viewer: Viewer,
  id: string,
  need: AccessName,
  options: RequireOptions & { assigneeMay?: boolean } = {},
): Promise<{ task: TaskRow; keyResult: KeyResultRow; objective: AccessibleObjective }> {
  const task = await getTask(tx, scope.orgId, id);
  const keyResult = task ? await getKeyResult(tx, scope.orgId, task.keyResultId) : undefined;
  const objective = task
    ? await getObjectiveWithAccess(tx, { orgId: scope.orgId, id: task.objectiveId, viewer })
    : undefined;
  if (
    !task ||
    !keyResult ||
    keyResult.deletedAt ||
    !objective ||
    objective.deletedAt ||
    Boolean(task.deletedAt) !== Boolean(options.deleted)
  ) {
    throw notFound("task");
  }
  if (!(options.assigneeMay && task.assigneeId === viewer.userId)) assertAccess(objective, need);
  await assertOpenFor(tx, scope, objective, need, options);
  return { task, keyResult, objective };
}

/**
 * Checks that someone may be given goals work: a member of the org whose role allows `action`
 * (using Goals to be shared with or assigned, creating objectives to own one). Answers 400
 * naming the field otherwise.
 */
export async function requireGoalsMember(
  tx: Executor,
  members: MembersService,
  orgId: string,
  userId: string,
  field: string,
  action: "goals.use" | "goals.objectives.create" = "goals.use",
): Promise<{ role: OrgRole }> {
  const membership = await members.findMembership(orgId, userId, tx);
  if (!membership || !canInOrg(membership.role, action)) {
    throw new AppError("VALIDATION_ERROR", {
      message:
        action === "goals.use"
          ? "That person is not a member of this organization who can use Goals"
          : "That person cannot own objectives here (guests only see what is shared with them)",
      details: [{ path: field, message: "Not a member who can do this" }],
    });
  }
  return membership;
}

/** How the Goals access rules see a person of `role`. */
export const goalsViewer = (userId: string, role: OrgRole, groupIds: string[]): Viewer => ({
  userId,
  groupIds,
  seesOrgVisible: canInOrg(role, "goals.read_org_visible"),
});

type PeopleDeps = {
  members: Pick<MembersService, "findMembership">;
  groups: Pick<GroupsService, "groupIdsOf">;
};

/** Whether someone (not necessarily the caller) can see an objective: a member who may use Goals and sees it. */
export async function canSee(
  tx: Executor,
  people: PeopleDeps,
  orgId: string,
  objectiveId: string,
  userId: string,
): Promise<boolean> {
  const membership = await people.members.findMembership(orgId, userId, tx);
  if (!membership || !canInOrg(membership.role, "goals.use")) return false;
  const viewer = goalsViewer(userId, membership.role, await people.groups.groupIdsOf(tx, orgId, userId));
  return (await getAccessLevel(tx, { orgId, objectiveId, viewer })) > 0;
}

/** 400 unless `userId` can see the objective: people are only handed work they can open. */
export async function requireCanSee(
  tx: Executor,
  people: PeopleDeps,
  orgId: string,
  objectiveId: string,
  userId: string,
  field: string,
) {
  if (!(await canSee(tx, people, orgId, objectiveId, userId))) {
    throw new AppError("VALIDATION_ERROR", {
      message: "That person cannot see this objective: share it with them first",
      details: [{ path: field, message: "Cannot see the objective" }],
    });
  }
}

/** Transactions for the Goals services: with the caller's viewer, and for tree writes a cache update. */
export function createGoalsContext(deps: GoalsDeps) {
  const today = () => utcDate(deps.now());

  async function viewerOf(tx: Executor, scope: OrgScope): Promise<Viewer> {
    if (!scope.userId) throw new AppError("UNAUTHENTICATED");
    return goalsViewer(scope.userId, scope.role, await deps.groups.groupIdsOf(tx, scope.orgId, scope.userId));
  }

  return {
    today,
    viewerOf,

    /** A transaction with the caller's viewer: reads, and writes that do not change the tree. */
    run<T>(scope: OrgScope, fn: (tx: Transaction, viewer: Viewer) => Promise<T>): Promise<T> {
      return inTenant(deps.db, scope, async (tx) => fn(tx, await viewerOf(tx, scope)));
    },

    /**
     * One goals write: a transaction with notifications, the audit trail, the revision bump
     * and the `_cacheUpdate` for what `fn` touched, all committed together.
     */
    write<T>(
      scope: OrgScope,
      fn: (write: WriteContext) => Promise<T>,
    ): Promise<{ value: T; cacheUpdate: CacheUpdate }> {
      return deps.notifications.transaction(scope, async (tx, notify) => {
        const now = deps.now();
        const context: WriteContext = {
          tx,
          scope,
          viewer: await viewerOf(tx, scope),
          notify,
          changes: new CacheChanges(),
          now,
          today: utcDate(now),
          audit: (change) => recordAudit(tx, scope, change),
          actorName: async () => (await getUserName(tx, scope.userId!)) ?? "Someone",
        };
        const value = await fn(context);
        const cacheUpdate = await finishWrite(tx, {
          orgId: scope.orgId,
          viewer: context.viewer,
          changes: context.changes,
          today: context.today,
        });
        return { value, cacheUpdate };
      });
    },
  };
}

export type GoalsContext = ReturnType<typeof createGoalsContext>;
