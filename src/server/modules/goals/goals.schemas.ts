import { z } from "@hono/zod-openapi";
import { isIsoDate } from "../../../core/calendar";
import {
  GOAL_LIMITS,
  GRADES,
  KEY_RESULT_STATUSES,
  KEY_RESULT_TYPES,
  SHARE_PERMISSIONS,
  TASK_STATUSES,
  VISIBILITIES,
} from "../../../core/okr";
import { iso, isoOrNull, timestampSchema, uuidSchema } from "../../http";
import type { CacheUpdate, KeyResultNodeData, ObjectiveNodeData } from "./cache-update";
import type { CycleRow } from "./cycles.queries";
import type { TaskRow } from "./objectives.queries";

// Shared pieces ------------------------------------------------------------------------------

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { error: "must be a date in YYYY-MM-DD form" })
  .openapi({ format: "date", example: "2026-07-01" });

const titleSchema = z.string().trim().min(1, { error: "is required" }).max(GOAL_LIMITS.titleMax);
const descriptionSchema = z.string().trim().max(GOAL_LIMITS.descriptionMax);
const valueSchema = z.number().min(-GOAL_LIMITS.valueAbsMax).max(GOAL_LIMITS.valueAbsMax);
const confidenceSchema = z
  .number()
  .min(0)
  .max(1)
  .openapi({ description: "The owner's forecast, 0..1", example: 0.7 });
const weightSchema = z.number().min(0).max(GOAL_LIMITS.weightMax);
const sortOrderSchema = z.number().min(-1e9).max(1e9).openapi({
  description: "Position among siblings; send the midpoint of two neighbours to place an item between them",
});
const estimateSchema = z.number().int().min(0).max(GOAL_LIMITS.estimateMinutesMax);

export const visibilitySchema = z.enum(VISIBILITIES).openapi("ObjectiveVisibility", {
  description:
    "private: owner and people it is shared with; group: also members of groups it is shared with; org: everyone in the org can view",
});
export const keyResultTypeSchema = z.enum(KEY_RESULT_TYPES).openapi("KeyResultType");
export const taskStatusSchema = z.enum(TASK_STATUSES).openapi("TaskStatus");
export const sharePermissionSchema = z.enum(SHARE_PERMISSIONS).openapi("SharePermission");
const accessSchema = z.enum(["owner", "edit", "view"]).openapi("ObjectiveAccess");
const statusSchema = z.enum(KEY_RESULT_STATUSES).openapi("GoalHealth");

// Inputs -------------------------------------------------------------------------------------

export const createCycleInput = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .openapi({ description: 'Defaults to the quarter, e.g. "Q3 2026"' }),
    start_date: isoDateSchema,
    end_date: isoDateSchema.optional(),
    length_days: z
      .number()
      .int()
      .min(1)
      .max(366)
      .optional()
      .openapi({ description: "Instead of end_date; 90 by default" }),
  })
  .refine((input) => !(input.end_date && input.length_days), {
    error: "give end_date or length_days, not both",
    path: ["length_days"],
  })
  .openapi("CycleInput");
export type CreateCycleInput = z.infer<typeof createCycleInput>;

export const updateCycleInput = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    start_date: isoDateSchema.optional(),
    end_date: isoDateSchema.optional(),
  })
  .openapi("CyclePatch");
export type UpdateCycleInput = z.infer<typeof updateCycleInput>;

export const createObjectiveInput = z
  .strictObject({
    title: titleSchema,
    description: descriptionSchema.optional(),
    cycle_id: uuidSchema
      .optional()
      .openapi({ description: "Defaults to the running cycle (created for the quarter if none)" }),
    parent_id: uuidSchema.nullable().optional().openapi({ description: "The objective this one aligns to" }),
    visibility: visibilitySchema.optional(),
    sort_order: sortOrderSchema.optional(),
  })
  .openapi("ObjectiveInput");
export type CreateObjectiveInput = z.infer<typeof createObjectiveInput>;

export const updateObjectiveInput = z
  .strictObject({
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    parent_id: uuidSchema.nullable().optional(),
    sort_order: sortOrderSchema.optional(),
    visibility: visibilitySchema.optional().openapi({ description: "Owner only" }),
    cycle_id: uuidSchema.optional().openapi({ description: "Owner only" }),
    owner_id: uuidSchema
      .optional()
      .openapi({ description: "Owner only: hand the objective to another member" }),
  })
  .openapi("ObjectivePatch");
export type UpdateObjectiveInput = z.infer<typeof updateObjectiveInput>;

export const createKeyResultInput = z
  .strictObject({
    title: titleSchema,
    type: keyResultTypeSchema,
    start_value: valueSchema.optional().openapi({ description: "0 by default" }),
    target_value: valueSchema
      .optional()
      .openapi({ description: "Required except for boolean key results (1); milestones: how many" }),
    current_value: valueSchema.optional().openapi({ description: "The start value by default" }),
    unit: z.string().trim().max(GOAL_LIMITS.unitMax).nullable().optional(),
    weight: weightSchema
      .optional()
      .openapi({ description: "Relative weight in the objective, 1 by default" }),
    confidence: confidenceSchema.nullable().optional(),
    sort_order: sortOrderSchema.optional(),
  })
  .openapi("KeyResultInput");
export type CreateKeyResultInput = z.infer<typeof createKeyResultInput>;

export const updateKeyResultInput = z
  .strictObject({
    title: titleSchema.optional(),
    type: keyResultTypeSchema.optional(),
    start_value: valueSchema.optional(),
    target_value: valueSchema.optional(),
    current_value: valueSchema.optional(),
    unit: z.string().trim().max(GOAL_LIMITS.unitMax).nullable().optional(),
    weight: weightSchema.optional(),
    confidence: confidenceSchema.nullable().optional(),
    sort_order: sortOrderSchema.optional(),
  })
  .openapi("KeyResultPatch");
export type UpdateKeyResultInput = z.infer<typeof updateKeyResultInput>;

export const createTaskInput = z
  .strictObject({
    title: titleSchema,
    status: taskStatusSchema.optional(),
    due_date: isoDateSchema.nullable().optional(),
    estimate_minutes: estimateSchema.nullable().optional(),
    assignee_id: uuidSchema.nullable().optional(),
    sort_order: sortOrderSchema.optional(),
  })
  .openapi("TaskInput");
export type CreateTaskInput = z.infer<typeof createTaskInput>;

export const updateTaskInput = z
  .strictObject({
    title: titleSchema.optional(),
    status: taskStatusSchema.optional(),
    due_date: isoDateSchema.nullable().optional(),
    estimate_minutes: estimateSchema.nullable().optional(),
    assignee_id: uuidSchema.nullable().optional(),
    sort_order: sortOrderSchema.optional(),
    key_result_id: uuidSchema
      .optional()
      .openapi({ description: "Move to another key result of the same objective" }),
  })
  .openapi("TaskPatch");
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

export const shareInput = z
  .strictObject({
    user_id: uuidSchema.optional(),
    group_id: uuidSchema.optional(),
    permission: sharePermissionSchema,
  })
  .refine((input) => Boolean(input.user_id) !== Boolean(input.group_id), {
    error: "give exactly one of user_id and group_id",
    path: ["user_id"],
  })
  .openapi("ShareInput");
export type ShareInput = z.infer<typeof shareInput>;

export const checkInInput = z
  .strictObject({
    value: valueSchema,
    confidence: confidenceSchema.nullable().optional(),
    note: z.string().trim().max(GOAL_LIMITS.noteMax).optional(),
    week_start: isoDateSchema
      .optional()
      .openapi({ description: "The Monday of the week checked in for; this week by default" }),
  })
  .openapi("CheckInInput");
export type CheckInInput = z.infer<typeof checkInInput>;

export const updateCheckInInput = z
  .strictObject({
    value: valueSchema.optional(),
    confidence: confidenceSchema.nullable().optional(),
    note: z.string().trim().max(GOAL_LIMITS.noteMax).optional(),
  })
  .openapi("CheckInPatch");
export type UpdateCheckInInput = z.infer<typeof updateCheckInInput>;

// Outputs ------------------------------------------------------------------------------------

const fraction = (value: number) => Math.round(value * 10_000) / 10_000;

export const cycleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    start_date: z.string(),
    end_date: z.string(),
    length_days: z.number().int(),
    closed_at: timestampSchema.nullable().openapi({
      description: "Set while the cycle is closed: scores are final (final_score) and its goals read-only",
    }),
    closed_by: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("Cycle");

export const toCycle = (row: CycleRow) => ({
  id: row.id,
  name: row.name,
  start_date: row.startDate,
  end_date: row.endDate,
  length_days: Math.round((Date.parse(row.endDate) - Date.parse(row.startDate)) / 86_400_000) + 1,
  closed_at: isoOrNull(row.closedAt),
  closed_by: row.closedBy,
  created_at: iso(row.createdAt),
  updated_at: iso(row.updatedAt),
});

export const taskNodeSchema = z
  .object({
    id: z.string(),
    key_result_id: z.string(),
    objective_id: z.string(),
    title: z.string(),
    status: taskStatusSchema,
    due_date: z.string().nullable(),
    estimate_minutes: z.number().int().nullable(),
    assignee_id: z.string().nullable(),
    sort_order: z.number(),
    completed_at: timestampSchema.nullable(),
    updated_at: timestampSchema,
  })
  .openapi("TaskNode");

export const toTaskNode = (row: TaskRow) => ({
  id: row.id,
  key_result_id: row.keyResultId,
  objective_id: row.objectiveId,
  title: row.title,
  status: row.status,
  due_date: row.dueDate,
  estimate_minutes: row.estimateMinutes,
  assignee_id: row.assigneeId,
  sort_order: row.sortOrder,
  completed_at: isoOrNull(row.completedAt),
  updated_at: iso(row.updatedAt),
});

export const keyResultNodeSchema = z
  .object({
    id: z.string(),
    objective_id: z.string(),
    title: z.string(),
    type: keyResultTypeSchema,
    unit: z.string().nullable(),
    start_value: z.number(),
    target_value: z.number(),
    current_value: z.number(),
    weight: z.number(),
    confidence: z.number().nullable(),
    sort_order: z.number(),
    progress: z.number().openapi({ description: "0..1, rolled up per the rule in core/okr/progress.ts" }),
    score: z.number().openapi({ description: "Google-style grade, 0.0..1.0 in tenths" }),
    final_score: z
      .number()
      .nullable()
      .openapi({ description: "Recorded when the cycle closed; null while open" }),
    final_grade: z.enum(GRADES).nullable(),
    status: statusSchema,
    expected_progress: z.number().openapi({ description: "Share of the cycle elapsed" }),
    risk_reasons: z.array(z.string()),
    tasks_done: z.number().int(),
    tasks_total: z.number().int(),
    stale_check_in: z.boolean(),
    days_since_check_in: z.number().int(),
    last_check_in_at: timestampSchema.nullable(),
    updated_at: timestampSchema,
  })
  .openapi("KeyResultNode");

export const toKeyResultNode = (node: KeyResultNodeData) => ({
  id: node.id,
  objective_id: node.objectiveId,
  title: node.title,
  type: node.type,
  unit: node.unit,
  start_value: node.startValue,
  target_value: node.targetValue,
  current_value: node.currentValue,
  weight: node.weight,
  confidence: node.confidence,
  sort_order: node.sortOrder,
  progress: fraction(node.progress),
  score: node.score,
  final_score: node.finalScore,
  final_grade: node.finalGrade,
  status: node.status,
  expected_progress: fraction(node.expectedProgress),
  risk_reasons: node.reasons,
  tasks_done: node.tasksDone,
  tasks_total: node.tasksTotal,
  stale_check_in: node.staleCheckIn,
  days_since_check_in: node.daysSinceCheckIn,
  last_check_in_at: isoOrNull(node.lastCheckInAt),
  updated_at: iso(node.updatedAt),
});

export const objectiveNodeSchema = z
  .object({
    id: z.string(),
    cycle_id: z.string(),
    parent_id: z.string().nullable(),
    owner_id: z.string(),
    title: z.string(),
    description: z.string(),
    visibility: visibilitySchema,
    sort_order: z.number(),
    access: accessSchema,
    progress: z.number(),
    score: z.number(),
    grade: z.enum(GRADES),
    final_score: z
      .number()
      .nullable()
      .openapi({ description: "Recorded when the cycle closed; null while open" }),
    final_grade: z.enum(GRADES).nullable(),
    status: statusSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("ObjectiveNode");

export const toObjectiveNode = (node: ObjectiveNodeData) => ({
  id: node.id,
  cycle_id: node.cycleId,
  parent_id: node.parentId,
  owner_id: node.ownerId,
  title: node.title,
  description: node.description,
  visibility: node.visibility,
  sort_order: node.sortOrder,
  access: node.access,
  progress: fraction(node.progress),
  score: node.score,
  grade: node.grade,
  final_score: node.finalScore,
  final_grade: node.finalGrade,
  status: node.status,
  created_at: iso(node.createdAt),
  updated_at: iso(node.updatedAt),
});

export const cacheUpdateSchema = z
  .object({
    revision: z.number().int(),
    cycle_id: z.string().nullable(),
    etag: z.string().nullable(),
    upsert: z.object({
      cycles: z.array(cycleSchema),
      objectives: z.array(objectiveNodeSchema),
      key_results: z.array(keyResultNodeSchema),
      tasks: z.array(taskNodeSchema),
    }),
    remove: z.object({
      objectives: z.array(z.string()),
      key_results: z.array(z.string()),
      tasks: z.array(z.string()),
    }),
  })
  .openapi("CacheUpdate", {
    description:
      "How to patch a cached GET /goals/tree after this write. Upserted nodes have the tree's fields without their child arrays: " +
      "replace the node with the same id (keeping its children) or insert it under objective_id / key_result_id; an objective whose cycle_id " +
      "is not the cached cycle is dropped. Removed ids go with their children. If the cached tree's revision is revision - 1, the patched " +
      "tree equals the server's and etag is its ETag; otherwise another write came in between: refetch.",
  });

export const toCacheUpdate = (update: CacheUpdate) => ({
  revision: update.revision,
  cycle_id: update.cycleId,
  etag: update.etag,
  upsert: {
    cycles: update.upsert.cycles.map(toCycle),
    objectives: update.upsert.objectives.map(toObjectiveNode),
    key_results: update.upsert.keyResults.map(toKeyResultNode),
    tasks: update.upsert.tasks.map(toTaskNode),
  },
  remove: {
    objectives: update.remove.objectives,
    key_results: update.remove.keyResults,
    tasks: update.remove.tasks,
  },
});

/** `{ data, _cacheUpdate }`: the envelope of every write that changes the goals tree. */
export const writeEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ data, _cacheUpdate: cacheUpdateSchema });

export const treeSchema = z
  .object({
    cycle: cycleSchema.nullable(),
    revision: z.number().int(),
    objectives: z.array(
      objectiveNodeSchema.extend({
        key_results: z.array(keyResultNodeSchema.extend({ tasks: z.array(taskNodeSchema) })),
      }),
    ),
  })
  .openapi("GoalTree");

type TreeObjective = Parameters<typeof toObjectiveNode>[0] & {
  keyResults: (Parameters<typeof toKeyResultNode>[0] & { tasks: Parameters<typeof toTaskNode>[0][] })[];
};
/** An objective with its key results and their tasks, as in GET /goals/tree. */
export const toTreeObjective = (objective: TreeObjective) =>
  // Children are added to the fresh nodes rather than spread into copies: thousands per tree.
  Object.assign(toObjectiveNode(objective), {
    key_results: objective.keyResults.map((keyResult) =>
      Object.assign(toKeyResultNode(keyResult), { tasks: keyResult.tasks.map(toTaskNode) }),
    ),
  });
