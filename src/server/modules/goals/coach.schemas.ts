import { z } from "@hono/zod-openapi";
import { COACH_ACTION_KINDS, COACH_ACTION_STATUSES, type CoachActionKind } from "../../../core/okr";
import { iso, isoOrNull, timestampSchema, uuidSchema } from "../../http";
import type { CoachActionRow } from "./coach.queries";
import {
  checkInInput,
  createKeyResultInput,
  createObjectiveInput,
  createTaskInput,
  updateKeyResultInput,
  updateObjectiveInput,
  updateTaskInput,
} from "./goals.schemas";

// Requests -----------------------------------------------------------------------------------

export const COACH_MESSAGE_MAX = 4000;
export const COACH_HISTORY_MAX = 20;
/** A past turn may be a long answer; 20 of them still fit well inside the default body limit. */
export const COACH_TURN_MAX = 16_000;

export const coachRequestBody = z
  .strictObject({
    message: z.string().trim().min(1, { error: "is required" }).max(COACH_MESSAGE_MAX),
    history: z
      .array(
        z.strictObject({
          role: z.enum(["user", "assistant"]),
          content: z.string().max(COACH_TURN_MAX),
        }),
      )
      .max(COACH_HISTORY_MAX)
      .optional()
      .openapi({ description: "The conversation so far, oldest first" }),
    cycle_id: uuidSchema
      .optional()
      .openapi({ description: "The cycle to coach on; the running cycle by default" }),
    session_id: uuidSchema.optional().openapi({
      description:
        "The conversation this message belongs to, kept as one transcript: send back the x-session-id of the first reply",
    }),
  })
  .openapi("CoachRequest");
export type CoachRequest = z.infer<typeof coachRequestBody>;

// What each kind of action takes -------------------------------------------------------------

/**
 * Per kind: the field that names its target (null: none) and the payload, which is exactly
 * the body of the normal endpoint for that change. Accepting re-validates the payload with
 * these schemas; the coach's tools offer them without the fields a coach has no business
 * setting (sort orders, handing an objective to someone else).
 */
export const COACH_ACTION_SPECS = {
  create_objective: {
    target: null,
    payload: createObjectiveInput,
    tool: createObjectiveInput.omit({ sort_order: true }),
    description: "Propose a new objective in the cycle (an outcome that matters, not a task).",
  },
  update_objective: {
    target: "objective_id",
    payload: updateObjectiveInput,
    tool: updateObjectiveInput.omit({ sort_order: true, owner_id: true, cycle_id: true }),
    description: "Propose changing an objective's title, description, alignment or visibility.",
  },
  create_key_result: {
    target: "objective_id",
    payload: createKeyResultInput,
    tool: createKeyResultInput.omit({ sort_order: true }),
    description: "Propose a measurable key result under an objective.",
  },
  update_key_result: {
    target: "key_result_id",
    payload: updateKeyResultInput,
    tool: updateKeyResultInput.omit({ sort_order: true }),
    description: "Propose changing a key result's title, measure, weight or confidence.",
  },
  create_task: {
    target: "key_result_id",
    payload: createTaskInput,
    tool: createTaskInput.omit({ sort_order: true }),
    description: "Propose a task that moves a key result forward.",
  },
  update_task: {
    target: "task_id",
    payload: updateTaskInput,
    tool: updateTaskInput.omit({ sort_order: true }),
    description: "Propose changing a task: its status, due date, estimate or assignee.",
  },
  check_in: {
    target: "key_result_id",
    payload: checkInInput,
    tool: checkInInput,
    description: "Propose this week's check-in on a key result: its new value, and confidence 0..1.",
  },
} as const satisfies Record<
  CoachActionKind,
  { target: string | null; payload: z.ZodType; tool: z.ZodObject; description: string }
>;

export const summarySchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .describe(
    "One sentence the user reads before accepting, e.g. 'Add task “Draft pricing page” to “Pricing live”'",
  );

// Responses ----------------------------------------------------------------------------------

export const coachActionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(COACH_ACTION_KINDS),
    summary: z.string(),
    target_id: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(COACH_ACTION_STATUSES),
    result_id: z
      .string()
      .nullable()
      .openapi({ description: "What accepting created or changed (the check-in, for a check-in)" }),
    error: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .openapi({ description: "Why accepting failed, for a failed action" }),
    created_at: timestampSchema,
    decided_at: timestampSchema.nullable(),
    undone_at: timestampSchema.nullable(),
  })
  .openapi("CoachAction");

export const toCoachAction = (row: CoachActionRow) => ({
  id: row.id,
  kind: row.kind,
  summary: row.summary,
  target_id: row.targetId,
  payload: row.payload,
  status: row.status,
  result_id: row.resultId,
  error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
  created_at: iso(row.createdAt),
  decided_at: isoOrNull(row.decidedAt),
  undone_at: isoOrNull(row.undoneAt),
});
