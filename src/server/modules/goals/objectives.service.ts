import type { KeyResultType } from "../../../core/okr";
import { canInOrg } from "../../../core/permissions";
import type { Executor } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { buildNodes } from "./cache-update";
import {
  assertCycleOpen,
  type GoalsContext,
  type GoalsDeps,
  requireCanSee,
  requireGoalsMember,
  requireKeyResult,
  requireObjective,
  requireTask,
  type WriteContext,
} from "./context";
import { getCycle } from "./cycles.queries";
import { ensureRunningCycle } from "./cycles.service";
import type {
  CreateKeyResultInput,
  CreateObjectiveInput,
  CreateTaskInput,
  ShareInput,
  UpdateKeyResultInput,
  UpdateObjectiveInput,
  UpdateTaskInput,
} from "./goals.schemas";
import {
  createKeyResult,
  createObjective,
  createShare,
  createTask,
  deleteShare,
  findShare,
  getKeyResult,
  getShare,
  hasGroupShares,
  type KeyResultRow,
  listAncestorIds,
  listShares,
  nextKeyResultSortOrder,
  nextObjectiveSortOrder,
  nextTaskSortOrder,
  type ObjectiveRow,
  type TaskRow,
  updateKeyResult,
  updateObjective,
  updateSharePermission,
  updateTask,
  type Viewer,
} from "./objectives.queries";

const invalid = (path: string, message: string) =>
  new AppError("VALIDATION_ERROR", { message: `${path}: ${message}`, details: [{ path, message }] });

interface Measure {
  startValue: number;
  targetValue: number;
  currentValue: number;
}

/**
 * Fills in and checks a key result's numbers for its type: booleans run 0 -> 1, percentages
 * stay within 0..100, milestones count whole milestones, and numeric/percentage/milestone
 * key results need a target.
 */
export function resolveMeasure(
  type: KeyResultType,
  input: { start_value?: number; target_value?: number; current_value?: number },
  existing?: Measure,
): Measure {
  const start = input.start_value ?? existing?.startValue ?? 0;
  if (type === "boolean") {
    if (input.start_value !== undefined && input.start_value !== 0)
      throw invalid("start_value", "must be 0 for a yes/no key result");
    if (input.target_value !== undefined && input.target_value !== 1)
      throw invalid("target_value", "must be 1 for a yes/no key result");
    const current = input.current_value ?? (existing && existing.currentValue >= 1 ? 1 : 0);
    if (current !== 0 && current !== 1) throw invalid("current_value", "must be 0 (not done) or 1 (done)");
    return { startValue: 0, targetValue: 1, currentValue: current };
  }
  const target = input.target_value ?? existing?.targetValue;
  if (target === undefined) throw invalid("target_value", "is required");
  const current = input.current_value ?? existing?.currentValue ?? start;
  if (type === "percentage") {
    for (const [path, value] of [
      ["start_value", start],
      ["target_value", target],
      ["current_value", current],
    ] as const) {
      if (value < 0 || value > 100) throw invalid(path, "must be between 0 and 100 for a percentage");
    }
  }
  if (type === "milestone") {
    if (!Number.isInteger(target) || target < 1)
      throw invalid("target_value", "must be a whole number of milestones");
    if (!Number.isInteger(start) || start < 0 || start >= target)
      throw invalid("start_value", "must be a whole number below the target");
    if (!Number.isInteger(current) || current < 0)
      throw invalid("current_value", "must be a whole number of milestones");
  }
  return { startValue: start, targetValue: target, currentValue: current };
}

/** Objectives, key results, tasks and shares: the goals tree's writes, with access rules. */
export function createObjectivesService(deps: GoalsDeps, context: GoalsContext) {
  const { members, groups } = deps;

  async function requireParent(
    tx: Executor,
    scope: OrgScope,
    viewer: Viewer,
    objectiveId: string | null,
    parentId: string,
  ) {
    // You can only align to what you can see; a parent you cannot see is reported as missing.
    await requireObjective(tx, scope, viewer, parentId, "view").catch((error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND")
        throw invalid("parent_id", "no such objective");
      throw error;
    });
    if (
      objectiveId &&
      (parentId === objectiveId || (await listAncestorIds(tx, scope.orgId, parentId)).includes(objectiveId))
    ) {
      throw invalid("parent_id", "an objective cannot align to itself or to one aligned under it");
    }
  }

  /** A cycle to put an objective in: it must exist (400) and be open (409). */
  async function requireOpenCycleId(tx: Executor, scope: OrgScope, cycleId: string) {
    if (!(await getCycle(tx, scope.orgId, cycleId))) throw invalid("cycle_id", "no such cycle");
    await assertCycleOpen(tx, scope.orgId, cycleId);
  }

  const objectiveAudit = (row: ObjectiveRow) => ({
    title: row.title,
    description: row.description,
    visibility: row.visibility,
    cycleId: row.cycleId,
    parentId: row.parentId,
    ownerId: row.ownerId,
    sortOrder: row.sortOrder,
  });

  async function setTaskFields(
    write: WriteContext,
    objectiveId: string,
    input: { assignee_id?: string | null },
  ) {
    if (input.assignee_id) {
      await requireGoalsMember(write.tx, members, write.scope.orgId, input.assignee_id, "assignee_id");
      await requireCanSee(write.tx, deps, write.scope.orgId, objectiveId, input.assignee_id, "assignee_id");
    }
  }

  /**
   * After a change of owner: the new owner's own share is redundant and goes, the previous
   * owner keeps an edit share, and the new owner is told.
   */
  async function handOver(write: WriteContext, objective: ObjectiveRow, previousOwnerId: string) {
    const { tx, scope } = write;
    const redundant = await findShare(tx, {
      orgId: scope.orgId,
      objectiveId: objective.id,
      userId: objective.ownerId,
    });
    if (redundant) await deleteShare(tx, scope.orgId, redundant.id);
    const existing = await findShare(tx, {
      orgId: scope.orgId,
      objectiveId: objective.id,
      userId: previousOwnerId,
    });
    const kept = existing
      ? await updateSharePermission(tx, scope.orgId, existing.id, "edit")
      : await createShare(tx, {
          orgId: scope.orgId,
          objectiveId: objective.id,
          userId: previousOwnerId,
          groupId: null,
          permission: "edit",
          createdBy: scope.userId,
        });
    await write.audit({
      action: "objective.shared",
      entityType: "objective",
      entityId: objective.id,
      ...(redundant
        ? { before: { shareId: redundant.id, userId: redundant.userId, permission: redundant.permission } }
        : {}),
      after: {
        shareId: kept.id,
        userId: previousOwnerId,
        groupId: null,
        permission: "edit",
        reason: "handed_over",
      },
    });
    await write.notify([
      {
        kind: "transfer",
        recipientId: objective.ownerId,
        payload: {
          actor_id: scope.userId,
          actor_name: await write.actorName(),
          objective_id: objective.id,
          objective_title: objective.title,
          link: `/goals?objective=${objective.id}`,
        },
      },
    ]);
  }

  return {
    /** One objective with its key results and tasks, as in the tree. */
    get: (scope: OrgScope, id: string) =>
      context.run(scope, async (tx, viewer) => {
        const objective = await requireObjective(tx, scope, viewer, id, "view");
        const { tree } = await buildNodes(tx, {
          orgId: scope.orgId,
          objectives: [objective],
          today: context.today(),
        });
        return tree[0]!;
      }),

    create: (scope: OrgScope, input: CreateObjectiveInput) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        if (!canInOrg(scope.role, "goals.objectives.create")) {
          throw new AppError("FORBIDDEN", {
            message: "Guests see the objectives shared with them but do not create their own",
          });
        }
        let cycleId = input.cycle_id;
        if (cycleId) await requireOpenCycleId(tx, scope, cycleId);
        else {
          const cycle = await ensureRunningCycle(tx, scope, write.today, (created) =>
            write.audit({
              action: "goal_cycle.created",
              entityType: "goal_cycle",
              entityId: created.id,
              after: created,
            }),
          );
          await assertCycleOpen(tx, scope.orgId, cycle.id);
          cycleId = cycle.id;
        }
        if (input.parent_id) await requireParent(tx, scope, write.viewer, null, input.parent_id);
        const objective = await createObjective(tx, {
          orgId: scope.orgId,
          cycleId,
          ownerId: write.viewer.userId,
          parentId: input.parent_id ?? null,
          title: input.title,
          description: input.description ?? "",
          visibility: input.visibility ?? "private",
          sortOrder:
            input.sort_order ?? (await nextObjectiveSortOrder(tx, scope.orgId, cycleId, write.viewer.userId)),
        });
        await write.audit({
          action: "objective.created",
          entityType: "objective",
          entityId: objective.id,
          after: objectiveAudit(objective),
        });
        write.changes.touchObjective(objective.id);
        write.changes.touchCycle(cycleId);
        return objective.id;
      }),

    /**
     * Edits an objective. Only fields that change are checked, so an editor can retitle an
     * objective aligned to a parent they cannot see. Handing it to another owner leaves the
     * previous owner an edit share (they still see what they handed over) and notifies the new one.
     */
    update: (scope: OrgScope, id: string, input: UpdateObjectiveInput) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        const ownerOnly =
          input.visibility !== undefined || input.cycle_id !== undefined || input.owner_id !== undefined;
        const before = await requireObjective(tx, scope, write.viewer, id, ownerOnly ? "owner" : "edit");
        if (input.parent_id && input.parent_id !== before.parentId)
          await requireParent(tx, scope, write.viewer, id, input.parent_id);
        if (input.cycle_id && input.cycle_id !== before.cycleId)
          await requireOpenCycleId(tx, scope, input.cycle_id);
        const transfer = input.owner_id !== undefined && input.owner_id !== before.ownerId;
        if (transfer) {
          await requireGoalsMember(
            tx,
            members,
            scope.orgId,
            input.owner_id!,
            "owner_id",
            "goals.objectives.create",
          );
        }
        if (input.visibility === "private" && (await hasGroupShares(tx, scope.orgId, id))) {
          throw new AppError("CONFLICT", {
            message: "This objective is shared with groups: remove those shares before making it private",
          });
        }
        const after = await updateObjective(tx, scope.orgId, id, {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.parent_id !== undefined ? { parentId: input.parent_id } : {}),
          ...(input.sort_order !== undefined ? { sortOrder: input.sort_order } : {}),
          ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
          ...(input.cycle_id !== undefined ? { cycleId: input.cycle_id } : {}),
          ...(input.owner_id !== undefined ? { ownerId: input.owner_id } : {}),
        });
        await write.audit({
          action: "objective.updated",
          entityType: "objective",
          entityId: id,
          before: objectiveAudit(before),
          after: objectiveAudit(after!),
        });
        if (transfer) await handOver(write, after!, before.ownerId);
        // Moving cycles puts the whole subtree in another tree.
        if (after!.cycleId !== before.cycleId) write.changes.touchSubtree(id);
        else write.changes.touchObjective(id);
        return id;
      }),

    /** Soft delete: the objective and everything under it leave the tree; restore brings them back. */
    remove: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        await requireObjective(write.tx, scope, write.viewer, id, "owner");
        const deleted = await updateObjective(write.tx, scope.orgId, id, { deletedAt: write.now });
        await write.audit({ action: "objective.deleted", entityType: "objective", entityId: id });
        write.changes.removeObjective(id);
        write.changes.touchCycle(deleted!.cycleId);
        return { id, deletedAt: deleted!.deletedAt! };
      }),

    restore: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        await requireObjective(write.tx, scope, write.viewer, id, "owner", { deleted: true });
        await updateObjective(write.tx, scope.orgId, id, { deletedAt: null });
        await write.audit({ action: "objective.restored", entityType: "objective", entityId: id });
        write.changes.touchSubtree(id);
        return id;
      }),

    // Key results -------------------------------------------------------------------------

    createKeyResult: (scope: OrgScope, objectiveId: string, input: CreateKeyResultInput) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        await requireObjective(tx, scope, write.viewer, objectiveId, "edit");
        const measure = resolveMeasure(input.type, input);
        const keyResult = await createKeyResult(tx, {
          orgId: scope.orgId,
          objectiveId,
          title: input.title,
          type: input.type,
          ...measure,
          unit: input.unit ?? (input.type === "percentage" ? "%" : null),
          weight: input.weight ?? 1,
          confidence: input.confidence ?? null,
          sortOrder: input.sort_order ?? (await nextKeyResultSortOrder(tx, scope.orgId, objectiveId)),
        });
        await write.audit({
          action: "key_result.created",
          entityType: "key_result",
          entityId: keyResult.id,
          after: keyResultAudit(keyResult),
        });
        write.changes.touchObjective(objectiveId);
        return keyResult.id;
      }),

    updateKeyResult: (scope: OrgScope, id: string, input: UpdateKeyResultInput) =>
      context.write(scope, async (write) => {
        const { keyResult: before } = await requireKeyResult(write.tx, scope, write.viewer, id, "edit");
        const type = input.type ?? before.type;
        // A new type is checked from scratch; otherwise unspecified numbers keep their values.
        const measure = resolveMeasure(type, input, type === before.type ? before : undefined);
        const after = await updateKeyResult(write.tx, scope.orgId, id, {
          ...(input.title !== undefined ? { title: input.title } : {}),
          type,
          ...measure,
          ...(input.unit !== undefined ? { unit: input.unit } : {}),
          ...(input.weight !== undefined ? { weight: input.weight } : {}),
          ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
          ...(input.sort_order !== undefined ? { sortOrder: input.sort_order } : {}),
        });
        await write.audit({
          action: "key_result.updated",
          entityType: "key_result",
          entityId: id,
          before: keyResultAudit(before),
          after: keyResultAudit(after!),
        });
        write.changes.touchObjective(before.objectiveId);
        return id;
      }),

    removeKeyResult: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const { keyResult } = await requireKeyResult(write.tx, scope, write.viewer, id, "edit");
        const deleted = await updateKeyResult(write.tx, scope.orgId, id, { deletedAt: write.now });
        await write.audit({ action: "key_result.deleted", entityType: "key_result", entityId: id });
        write.changes.removeKeyResult(keyResult);
        return { id, deletedAt: deleted!.deletedAt! };
      }),

    restoreKeyResult: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const { keyResult } = await requireKeyResult(write.tx, scope, write.viewer, id, "edit", {
          deleted: true,
        });
        await updateKeyResult(write.tx, scope.orgId, id, { deletedAt: null });
        await write.audit({ action: "key_result.restored", entityType: "key_result", entityId: id });
        write.changes.touchKeyResultSubtree(keyResult);
        return id;
      }),

    // Tasks -------------------------------------------------------------------------------

    createTask: (scope: OrgScope, keyResultId: string, input: CreateTaskInput) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        const { keyResult } = await requireKeyResult(tx, scope, write.viewer, keyResultId, "edit");
        await setTaskFields(write, keyResult.objectiveId, input);
        const status = input.status ?? "todo";
        const task = await createTask(tx, {
          orgId: scope.orgId,
          keyResultId,
          objectiveId: keyResult.objectiveId,
          title: input.title,
          status,
          dueDate: input.due_date ?? null,
          estimateMinutes: input.estimate_minutes ?? null,
          assigneeId: input.assignee_id ?? null,
          sortOrder: input.sort_order ?? (await nextTaskSortOrder(tx, scope.orgId, keyResultId)),
          completedAt: status === "done" ? write.now : null,
        });
        await write.audit({
          action: "task.created",
          entityType: "goal_task",
          entityId: task.id,
          after: taskAudit(task),
        });
        write.changes.touchTask(task);
        return task.id;
      }),

    /** Edit rights on the objective, or being the assignee changing only the task's status. */
    updateTask: (scope: OrgScope, id: string, input: UpdateTaskInput) =>
      context.write(scope, async (write) => updateTaskIn(write, id, input)),

    removeTask: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const { task } = await requireTask(write.tx, scope, write.viewer, id, "edit");
        const deleted = await updateTask(write.tx, scope.orgId, id, { deletedAt: write.now });
        await write.audit({ action: "task.deleted", entityType: "goal_task", entityId: id });
        write.changes.removeTask(task);
        return { id, deletedAt: deleted!.deletedAt! };
      }),

    restoreTask: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const { task } = await requireTask(write.tx, scope, write.viewer, id, "edit", { deleted: true });
        await updateTask(write.tx, scope.orgId, id, { deletedAt: null });
        await write.audit({ action: "task.restored", entityType: "goal_task", entityId: id });
        write.changes.touchTask(task);
        return id;
      }),

    // Shares ------------------------------------------------------------------------------

    listShares: (scope: OrgScope, objectiveId: string) =>
      context.run(scope, async (tx, viewer) => {
        await requireObjective(tx, scope, viewer, objectiveId, "view");
        const shares = await listShares(tx, scope.orgId, objectiveId);
        const names = new Map(
          (
            await groups.namesOf(
              tx,
              scope.orgId,
              shares.flatMap((share) => (share.groupId ? [share.groupId] : [])),
            )
          ).map((group) => [group.id, group.name]),
        );
        return shares.map((share) => ({
          ...share,
          groupName: share.groupId ? (names.get(share.groupId) ?? null) : null,
        }));
      }),

    /**
     * Shares with a person or a group, or changes the permission of an existing share. A
     * group share makes a private objective visible to groups ("group" visibility).
     */
    share: (scope: OrgScope, objectiveId: string, input: ShareInput) =>
      context.write(scope, async (write) => {
        const { tx } = write;
        // Who sees a closed cycle's goals may still change; what they score may not.
        const objective = await requireObjective(tx, scope, write.viewer, objectiveId, "owner", {
          closedCycleOk: true,
        });
        let groupName: string | null = null;
        if (input.user_id) {
          if (input.user_id === objective.ownerId)
            throw invalid("user_id", "the owner already has full access");
          await requireGoalsMember(tx, members, scope.orgId, input.user_id, "user_id");
        } else {
          const [group] = await groups.namesOf(tx, scope.orgId, [input.group_id!]);
          if (!group) throw invalid("group_id", "no such group");
          groupName = group.name;
        }
        const existing = await findShare(tx, {
          orgId: scope.orgId,
          objectiveId,
          userId: input.user_id,
          groupId: input.group_id,
        });
        if (existing?.permission === input.permission) return { share: existing, created: false };
        const share = existing
          ? await updateSharePermission(tx, scope.orgId, existing.id, input.permission)
          : await createShare(tx, {
              orgId: scope.orgId,
              objectiveId,
              userId: input.user_id ?? null,
              groupId: input.group_id ?? null,
              permission: input.permission,
              createdBy: scope.userId,
            });
        if (input.group_id && objective.visibility === "private") {
          await updateObjective(tx, scope.orgId, objectiveId, { visibility: "group" });
        }
        await write.audit({
          action: existing ? "objective.share_updated" : "objective.shared",
          entityType: "objective",
          entityId: objectiveId,
          ...(existing ? { before: { shareId: existing.id, permission: existing.permission } } : {}),
          after: {
            shareId: share.id,
            userId: share.userId,
            groupId: share.groupId,
            permission: share.permission,
            ...(input.group_id && objective.visibility === "private" ? { visibility: "group" } : {}),
          },
        });
        const recipients = input.user_id
          ? [input.user_id]
          : (await groups.memberIdsOf(tx, scope.orgId, input.group_id!)).filter(
              (id) => id !== objective.ownerId,
            );
        const actorName = await write.actorName();
        await write.notify(
          recipients.map((recipientId) => ({
            kind: "share" as const,
            recipientId,
            payload: {
              actor_id: scope.userId,
              actor_name: actorName,
              objective_id: objectiveId,
              objective_title: objective.title,
              permission: share.permission,
              group_id: share.groupId,
              group_name: groupName,
              link: `/goals?objective=${objectiveId}`,
            },
          })),
        );
        write.changes.touchObjective(objectiveId);
        return { share, created: !existing };
      }),

    unshare: (scope: OrgScope, objectiveId: string, shareId: string) =>
      context.write(scope, async (write) => {
        await requireObjective(write.tx, scope, write.viewer, objectiveId, "owner", { closedCycleOk: true });
        const share = await getShare(write.tx, scope.orgId, objectiveId, shareId);
        if (!share) throw new AppError("NOT_FOUND", { message: "No such share" });
        await deleteShare(write.tx, scope.orgId, shareId);
        await write.audit({
          action: "objective.unshared",
          entityType: "objective",
          entityId: objectiveId,
          before: { shareId, userId: share.userId, groupId: share.groupId, permission: share.permission },
        });
        write.changes.touchObjective(objectiveId);
        return shareId;
      }),

    /** For other Goals services (coach actions, time blocks) that change a task inside their own write. */
    updateTaskIn,
  };

  async function updateTaskIn(write: WriteContext, id: string, input: UpdateTaskInput) {
    const { tx, scope } = write;
    const statusOnly = Object.keys(input).every((key) => key === "status");
    const { task: before, objective } = await requireTask(tx, scope, write.viewer, id, "edit", {
      assigneeMay: statusOnly,
    });
    let keyResultId = before.keyResultId;
    if (input.key_result_id && input.key_result_id !== before.keyResultId) {
      const target = await getKeyResult(tx, scope.orgId, input.key_result_id);
      if (!target || target.deletedAt || target.objectiveId !== objective.id) {
        throw invalid("key_result_id", "must be a key result of the same objective");
      }
      keyResultId = target.id;
    }
    await setTaskFields(write, objective.id, input);
    const status = input.status ?? before.status;
    const after = await updateTask(tx, scope.orgId, id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      status,
      ...(input.due_date !== undefined ? { dueDate: input.due_date } : {}),
      ...(input.estimate_minutes !== undefined ? { estimateMinutes: input.estimate_minutes } : {}),
      ...(input.assignee_id !== undefined ? { assigneeId: input.assignee_id } : {}),
      ...(input.sort_order !== undefined ? { sortOrder: input.sort_order } : {}),
      keyResultId,
      completedAt: status === "done" ? (before.completedAt ?? write.now) : null,
    });
    await write.audit({
      action: "task.updated",
      entityType: "goal_task",
      entityId: id,
      before: taskAudit(before),
      after: taskAudit(after!),
    });
    write.changes.touchTask(after!);
    return id;
  }
}

const keyResultAudit = (row: KeyResultRow) => ({
  title: row.title,
  type: row.type,
  startValue: row.startValue,
  targetValue: row.targetValue,
  currentValue: row.currentValue,
  unit: row.unit,
  weight: row.weight,
  confidence: row.confidence,
  sortOrder: row.sortOrder,
});

const taskAudit = (row: TaskRow) => ({
  title: row.title,
  keyResultId: row.keyResultId,
  status: row.status,
  dueDate: row.dueDate,
  estimateMinutes: row.estimateMinutes,
  assigneeId: row.assigneeId,
  sortOrder: row.sortOrder,
});

export type ObjectivesService = ReturnType<typeof createObjectivesService>;
