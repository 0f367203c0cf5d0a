import { type ModelMessage, type Tool, tool } from "ai";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import {
  COACH_ACTION_KINDS,
  type CoachActionDraft,
  type CoachActionKind,
  type CoachChunk,
  type CoachReply,
  type CoachSnapshot,
  coachContextDocuments,
  jsonLine,
  offlineCoachReply,
  weekStartOf,
} from "../../../core/okr";
import type { AiGateway, PreparedAnswer } from "../../ai";
import { inTenant, type Transaction } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { recordAudit } from "../audit";
import type { CacheUpdate } from "./cache-update";
import { deleteCheckIn, getCheckIn, getCheckInForWeek, getLatestCheckIn } from "./check-ins.queries";
import { createCheckInsService } from "./check-ins.service";
import {
  type CoachActionRow,
  insertCoachActions,
  listUserNames,
  lockCoachAction,
  restoreKeyResultCheckInState,
  updateCoachAction,
} from "./coach.queries";
import { COACH_ACTION_SPECS, type CoachRequest, summarySchema } from "./coach.schemas";
import { type GoalsContext, type GoalsDeps, requireKeyResult, type WriteContext } from "./context";
import { getKeyResult, getObjectiveWithAccess, getTask } from "./objectives.queries";
import { createObjectivesService } from "./objectives.service";
import type { TreeService } from "./tree.service";

/** The gateway feature name the coach's calls are recorded under. */
export const COACH_FEATURE = "goals_coach";
const MAX_ACTIONS_PER_REPLY = 10;
const MAX_CONTEXT_OBJECTIVES = 100;

// Tools --------------------------------------------------------------------------------------

const REQUEST_MORE_INFO = "request_more_info";
const moreInfoSchema = z.strictObject({
  question: z.string().trim().min(1).max(1000).describe("The question to put to the user"),
  fields: z.array(z.string().max(64)).max(10).describe('What is missing, e.g. ["objective", "target_value"]'),
});

function toolInputSchema(kind: CoachActionKind) {
  const spec = COACH_ACTION_SPECS[kind];
  return spec.tool.extend({
    summary: summarySchema,
    ...(spec.target
      ? { [spec.target]: z.uuid().describe(`The ${spec.target} from the sources, never invented`) }
      : {}),
  });
}

/** One tool per kind of change, plus one to ask the user: the model proposes, nothing runs. */
const COACH_TOOLS: Record<string, Tool> = {
  ...Object.fromEntries(
    COACH_ACTION_KINDS.map((kind) => [
      kind,
      tool({
        description: `${COACH_ACTION_SPECS[kind].description} The user accepts or rejects it.`,
        inputSchema: toolInputSchema(kind),
      }),
    ]),
  ),
  [REQUEST_MORE_INFO]: tool({
    description:
      "Ask the user for what an ambiguous or incomplete request leaves out (which objective, which key result, the target) instead of guessing.",
    inputSchema: moreInfoSchema,
  }),
};

function systemPrompt(snapshot: CoachSnapshot): string {
  const cycle = snapshot.cycle
    ? `the cycle ${snapshot.cycle.name} (${snapshot.cycle.startDate} to ${snapshot.cycle.endDate})`
    : "the current quarter (no cycle exists yet)";
  return [
    `You are Aime, the OKR coach in Cairn. You help the user plan and run their objectives, key results and tasks for ${cycle}. Today is ${snapshot.today}.`,
    "Their goals are in the numbered sources below, with ids. Ground every observation in them: key results behind the cycle's pace or with low confidence, check-ins older than 7 days, people with too many open tasks, objectives without key results. Be concise and concrete; write Markdown.",
    "You cannot change anything yourself. To suggest a change, call one of the tools (one call per change) with ids taken from the sources; the user accepts or rejects each proposal. Only propose changes to objectives the user owns or may edit.",
    `When a request is ambiguous or incomplete (which objective, which key result, what target), call ${REQUEST_MORE_INFO} instead of guessing.`,
  ].join("\n\n");
}

/** What the offline model says: the offline coach's reply, its proposals as the same tool calls. */
function preparedAnswer(reply: CoachReply): PreparedAnswer {
  return {
    text: reply.content,
    toolCalls: [
      ...reply.actions.map((action) => {
        const target = COACH_ACTION_SPECS[action.kind].target;
        return {
          toolName: action.kind,
          input: {
            ...action.payload,
            summary: action.summary,
            ...(target ? { [target]: action.target_id } : {}),
          },
        };
      }),
      ...(reply.moreInfo ? [{ toolName: REQUEST_MORE_INFO, input: reply.moreInfo }] : []),
    ],
  };
}

interface ToolCall {
  toolName: string;
  input: unknown;
}

/**
 * Turns the model's tool calls into proposals: each must match its tool's schema and name
 * something in the asker's tree; whether the asker may make the change is checked on accept.
 */
function readToolCalls(calls: readonly ToolCall[], snapshot: CoachSnapshot) {
  const ids = {
    objective_id: new Set(snapshot.objectives.map((objective) => objective.id)),
    key_result_id: new Set(
      snapshot.objectives.flatMap((objective) => objective.keyResults.map((kr) => kr.id)),
    ),
    task_id: new Set(
      snapshot.objectives.flatMap((objective) =>
        objective.keyResults.flatMap((kr) => kr.tasks.map((task) => task.id)),
      ),
    ),
  };
  const drafts: CoachActionDraft[] = [];
  let moreInfo: { question: string; fields: string[] } | null = null;
  let dropped = 0;
  for (const call of calls) {
    if (call.toolName === REQUEST_MORE_INFO) {
      const parsed = moreInfoSchema.safeParse(call.input);
      if (parsed.success) moreInfo ??= parsed.data;
      else dropped++;
      continue;
    }
    const kind = COACH_ACTION_KINDS.find((name) => name === call.toolName);
    const parsed = kind ? toolInputSchema(kind).safeParse(call.input) : undefined;
    if (!kind || !parsed?.success || drafts.length >= MAX_ACTIONS_PER_REPLY) {
      dropped++;
      continue;
    }
    const target = COACH_ACTION_SPECS[kind].target;
    const { summary, ...rest } = parsed.data as Record<string, unknown> & { summary: string };
    const targetId = target ? (rest[target] as string) : null;
    if (target) delete rest[target];
    if (target && !ids[target].has(targetId!)) {
      dropped++;
      continue;
    }
    if (kind === "create_objective" && rest.cycle_id === undefined && snapshot.cycle)
      rest.cycle_id = snapshot.cycle.id;
    drafts.push({ kind, summary, target_id: targetId, payload: rest });
  }
  return { drafts, moreInfo, dropped };
}

const toActionChunk = (row: CoachActionRow) => ({
  id: row.id,
  kind: row.kind,
  summary: row.summary,
  target_id: row.targetId,
  payload: row.payload,
});

// Applying and undoing -------------------------------------------------------------------------

/** A cache update nobody reads: the joined services' own (the outer write computes the real one). */
const UNUSED_CACHE_UPDATE: CacheUpdate = {
  revision: 0,
  cycleId: null,
  etag: null,
  upsert: { cycles: [], objectives: [], keyResults: [], tasks: [] },
  remove: { objectives: [], keyResults: [], tasks: [] },
};

/**
 * The normal Goals services, running inside an accept's (or undo's) own write: same
 * validation, access checks, audit rows and notifications, and one transaction with the
 * action's new status, so a change and its record commit or roll back together.
 */
function servicesWithin(deps: GoalsDeps, context: GoalsContext, write: WriteContext) {
  const joined: GoalsContext = {
    ...context,
    run: (_scope, fn) => fn(write.tx, write.viewer),
    write: async (_scope, fn) => ({ value: await fn(write), cacheUpdate: UNUSED_CACHE_UPDATE }),
  };
  return { objectives: createObjectivesService(deps, joined), checkIns: createCheckInsService(deps, joined) };
}

function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new AppError("VALIDATION_ERROR", {
      message: "This proposal is not a valid change",
      details: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return parsed.data;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const MEASURE_FIELDS = ["type", "start_value", "target_value", "current_value"];

/** The current values of the fields a change sets, under the API's names, to restore on undo. */
function previousValues(row: object | undefined, fields: string[]): Record<string, unknown> {
  const values = row as Record<string, unknown> | undefined;
  if (!values) return {};
  return Object.fromEntries(fields.map((field) => [field, values[camel(field)] ?? null]));
}

interface Applied {
  resultId: string;
  previous: Record<string, unknown> | null;
}

export function createGoalsCoach(
  module: { deps: GoalsDeps; context: GoalsContext; tree: TreeService },
  gateway: AiGateway,
) {
  const { deps, context } = module;

  async function loadSnapshot(scope: OrgScope, cycleId: string | undefined): Promise<CoachSnapshot> {
    const tree = await module.tree.get(scope, { cycleId });
    if (tree.notModified) throw new Error("the tree was read without a validator");
    const objectives = tree.objectives.slice(0, MAX_CONTEXT_OBJECTIVES);
    const people = await context.run(scope, (tx) =>
      listUserNames(tx, [
        ...new Set(
          objectives.flatMap((objective) => [
            objective.ownerId,
            ...objective.keyResults.flatMap((kr) => kr.tasks.flatMap((task) => task.assigneeId ?? [])),
          ]),
        ),
      ]),
    );
    return { userId: scope.userId!, today: context.today(), cycle: tree.cycle, objectives, people };
  }

  async function apply(write: WriteContext, action: CoachActionRow): Promise<Applied> {
    const { tx, scope } = write;
    const { objectives, checkIns } = servicesWithin(deps, context, write);
    const target = action.targetId ?? "";
    switch (action.kind) {
      case "create_objective": {
        const input = parsePayload(COACH_ACTION_SPECS.create_objective.payload, action.payload);
        return { resultId: (await objectives.create(scope, input)).value, previous: null };
      }
      case "create_key_result": {
        const input = parsePayload(COACH_ACTION_SPECS.create_key_result.payload, action.payload);
        return { resultId: (await objectives.createKeyResult(scope, target, input)).value, previous: null };
      }
      case "create_task": {
        const input = parsePayload(COACH_ACTION_SPECS.create_task.payload, action.payload);
        return { resultId: (await objectives.createTask(scope, target, input)).value, previous: null };
      }
      case "update_objective": {
        const input = parsePayload(COACH_ACTION_SPECS.update_objective.payload, action.payload);
        const before = await getObjectiveWithAccess(tx, {
          orgId: scope.orgId,
          id: target,
          viewer: write.viewer,
        });
        await objectives.update(scope, target, input);
        return { resultId: target, previous: previousValues(before, Object.keys(input)) };
      }
      case "update_key_result": {
        const input = parsePayload(COACH_ACTION_SPECS.update_key_result.payload, action.payload);
        const before = await getKeyResult(tx, scope.orgId, target);
        await objectives.updateKeyResult(scope, target, input);
        // A measure is restored whole: its numbers are only valid together with its type.
        const fields = Object.keys(input);
        const touchesMeasure = fields.some((field) => MEASURE_FIELDS.includes(field));
        return {
          resultId: target,
          previous: previousValues(before, [
            ...new Set([...fields, ...(touchesMeasure ? MEASURE_FIELDS : [])]),
          ]),
        };
      }
      case "update_task": {
        const input = parsePayload(COACH_ACTION_SPECS.update_task.payload, action.payload);
        const before = await getTask(tx, scope.orgId, target);
        await objectives.updateTask(scope, target, input);
        return { resultId: target, previous: previousValues(before, Object.keys(input)) };
      }
      case "check_in": {
        const input = parsePayload(COACH_ACTION_SPECS.check_in.payload, action.payload);
        const keyResult = await getKeyResult(tx, scope.orgId, target);
        const week = input.week_start ?? weekStartOf(write.today);
        const existing = keyResult ? await getCheckInForWeek(tx, scope.orgId, target, week) : undefined;
        const { value } = await checkIns.checkIn(scope, target, input);
        return {
          resultId: value.checkIn.id,
          previous: {
            key_result: previousValues(keyResult, ["current_value", "confidence", "last_check_in_at"]),
            check_in: existing ? previousValues(existing, ["value", "confidence", "note"]) : null,
          },
        };
      }
    }
  }

  /** Takes back a check-in the coach created: the key result returns to its latest remaining one. */
  async function removeCreatedCheckIn(write: WriteContext, action: CoachActionRow) {
    const { tx, scope } = write;
    const { keyResult } = await requireKeyResult(tx, scope, write.viewer, action.targetId!, "edit");
    const checkIn = await getCheckIn(tx, scope.orgId, action.resultId!);
    if (!checkIn) throw new AppError("NOT_FOUND", { message: "No such check-in" });
    await deleteCheckIn(tx, scope.orgId, checkIn.id, write.now);
    const prior = (action.previous?.key_result ?? {}) as {
      current_value?: number;
      confidence?: number | null;
      last_check_in_at?: string | null;
    };
    const latest = await getLatestCheckIn(tx, scope.orgId, keyResult.id);
    await restoreKeyResultCheckInState(tx, scope.orgId, keyResult.id, {
      currentValue: latest?.value ?? prior.current_value ?? keyResult.startValue,
      confidence: latest?.confidence ?? prior.confidence ?? null,
      lastCheckInAt: prior.last_check_in_at ? new Date(prior.last_check_in_at) : null,
    });
    await write.audit({
      action: "check_in.deleted",
      entityType: "check_in",
      entityId: checkIn.id,
      before: { keyResultId: checkIn.keyResultId, weekStart: checkIn.weekStart, value: checkIn.value },
    });
    write.changes.touchObjective(keyResult.objectiveId);
  }

  async function revert(write: WriteContext, action: CoachActionRow): Promise<void> {
    const { scope } = write;
    const { objectives, checkIns } = servicesWithin(deps, context, write);
    const resultId = action.resultId!;
    const target = action.targetId!;
    const previous = action.previous ?? {};
    const restore = <T extends z.ZodType>(schema: T) => parsePayload(schema, previous);
    switch (action.kind) {
      case "create_objective":
        await objectives.remove(scope, resultId);
        break;
      case "create_key_result":
        await objectives.removeKeyResult(scope, resultId);
        break;
      case "create_task":
        await objectives.removeTask(scope, resultId);
        break;
      case "update_objective":
        await objectives.update(scope, target, restore(COACH_ACTION_SPECS.update_objective.payload));
        break;
      case "update_key_result":
        await objectives.updateKeyResult(
          scope,
          target,
          restore(COACH_ACTION_SPECS.update_key_result.payload),
        );
        break;
      case "update_task":
        await objectives.updateTask(scope, target, restore(COACH_ACTION_SPECS.update_task.payload));
        break;
      case "check_in": {
        const overwritten = previous.check_in as Record<string, unknown> | null | undefined;
        if (!overwritten) await removeCreatedCheckIn(write, action);
        else {
          const restored = parsePayload(
            COACH_ACTION_SPECS.check_in.payload.omit({ week_start: true }),
            overwritten,
          );
          await checkIns.update(scope, resultId, restored);
        }
        break;
      }
    }
  }

  /** The caller's own action, locked; anyone else's is not found. */
  async function requireOwnAction(tx: Transaction, scope: OrgScope, id: string) {
    const action = await lockCoachAction(tx, scope.orgId, id);
    if (!action || action.userId !== scope.userId)
      throw new AppError("NOT_FOUND", { message: "No such coach action" });
    return action;
  }

  const alreadyDecided = (action: CoachActionRow) =>
    new AppError("CONFLICT", {
      message: `This action was already ${action.status}`,
      details: { status: action.status },
    });

  const auditAction = (write: WriteContext, action: CoachActionRow, verb: string) =>
    write.audit({
      action: `goal_coach_action.${verb}`,
      entityType: "goal_coach_action",
      entityId: action.id,
      after: {
        kind: action.kind,
        targetId: action.targetId,
        resultId: action.resultId,
        status: action.status,
      },
    });

  /** Records why an accept failed, after its own transaction rolled back. */
  async function markFailed(scope: OrgScope, id: string, error: AppError) {
    await inTenant(deps.db, scope, async (tx) => {
      const action = await updateCoachAction(tx, scope.orgId, id, {
        status: "failed",
        errorCode: error.code,
        errorMessage: error.message,
      });
      await recordAudit(tx, scope, {
        action: "goal_coach_action.failed",
        entityType: "goal_coach_action",
        entityId: id,
        after: { kind: action.kind, targetId: action.targetId, error: error.code },
      });
    });
  }

  return {
    /**
     * One coach reply as JSON Lines, and the transcript session it was stored in (the caller's
     * conversation, else a new one). Refusals (no such cycle, budget, rate limit, no model)
     * throw before anything streams; after that, failures become an `error` line and the
     * reply still ends with `done`.
     */
    async chat(scope: OrgScope, input: CoachRequest, abortSignal?: AbortSignal) {
      const sessionId = input.session_id ?? uuidv7();
      const snapshot = await loadSnapshot(scope, input.cycle_id);
      const history = input.history ?? [];
      const messages: ModelMessage[] = [
        ...history.map((turn) => ({ role: turn.role, content: turn.content }) as ModelMessage),
        { role: "user", content: input.message },
      ];
      const { result, answer, finished } = await gateway.stream({
        scope: { orgId: scope.orgId, userId: scope.userId, correlationId: scope.correlationId },
        feature: COACH_FEATURE,
        task: "chat",
        system: systemPrompt(snapshot),
        messages,
        context: coachContextDocuments(snapshot),
        tools: COACH_TOOLS,
        offlineAnswer: preparedAnswer(offlineCoachReply(snapshot, input.message, history)),
        session: { id: sessionId },
        abortSignal,
      });
      const encoder = new TextEncoder();
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (chunk: CoachChunk) => {
            if (!cancelled) controller.enqueue(encoder.encode(jsonLine(chunk)));
          };
          try {
            const calls: ToolCall[] = [];
            let broke = false;
            for await (const part of result.fullStream) {
              if (part.type === "text-delta" && part.text) send({ type: "content", text: part.text });
              else if (part.type === "tool-call" && !part.invalid) calls.push(part);
              else if (part.type === "error" || part.type === "abort") broke = true;
            }
            const { drafts, moreInfo, dropped } = readToolCalls(calls, snapshot);
            if (dropped > 0) {
              send({
                type: "content",
                text: `\n\n_${dropped === 1 ? "One suggestion was" : `${dropped} suggestions were`} left out: ${dropped === 1 ? "it did" : "they did"} not match your goals._`,
              });
            }
            const stored = await inTenant(deps.db, scope, async (tx) => {
              const rows = await insertCoachActions(tx, {
                orgId: scope.orgId,
                userId: scope.userId!,
                interactionId: answer.interactionId,
                drafts,
              });
              for (const row of rows) {
                await recordAudit(tx, scope, {
                  action: "goal_coach_action.proposed",
                  entityType: "goal_coach_action",
                  entityId: row.id,
                  after: { kind: row.kind, targetId: row.targetId, payload: row.payload },
                });
              }
              return rows;
            });
            if (stored.length > 0) send({ type: "actions", actions: stored.map(toActionChunk) });
            if (moreInfo) send({ type: "req_more_info", ...moreInfo });
            const summary = await finished;
            if (broke || summary.status !== "success")
              send({ type: "error", message: "The answer broke off before it was complete" });
          } catch {
            send({ type: "error", message: "The coach could not finish this answer" });
          }
          send({ type: "done", model: answer.model, provider: answer.provider, offline: answer.offline });
          if (!cancelled) controller.close();
        },
        cancel() {
          cancelled = true;
        },
      });
      return { body, sessionId };
    },

    /** Applies the caller's proposed (or previously failed) action through the Goals services. */
    async accept(scope: OrgScope, id: string) {
      let failure: AppError | undefined;
      try {
        return await context.write(scope, async (write) => {
          const action = await requireOwnAction(write.tx, scope, id);
          if (action.status !== "proposed" && action.status !== "failed") throw alreadyDecided(action);
          const applied = await apply(write, action).catch((error: unknown) => {
            if (error instanceof AppError) failure = error;
            throw error;
          });
          const accepted = await updateCoachAction(write.tx, scope.orgId, id, {
            status: "accepted",
            resultId: applied.resultId,
            previous: applied.previous,
            errorCode: null,
            errorMessage: null,
            decidedAt: write.now,
          });
          await auditAction(write, accepted, "accepted");
          return accepted;
        });
      } catch (error) {
        if (failure && error === failure) await markFailed(scope, id, failure);
        throw error;
      }
    },

    /** Declines the caller's proposed action; nothing in the tree changes. */
    reject: (scope: OrgScope, id: string) =>
      inTenant(deps.db, scope, async (tx) => {
        const action = await requireOwnAction(tx, scope, id);
        if (action.status !== "proposed" && action.status !== "failed") throw alreadyDecided(action);
        const rejected = await updateCoachAction(tx, scope.orgId, id, {
          status: "rejected",
          decidedAt: deps.now(),
        });
        await recordAudit(tx, scope, {
          action: "goal_coach_action.rejected",
          entityType: "goal_coach_action",
          entityId: id,
          after: { kind: rejected.kind, targetId: rejected.targetId },
        });
        return rejected;
      }),

    /** Reverts an accepted action: deletes what it created, or puts back the values it replaced. */
    undo: (scope: OrgScope, id: string) =>
      context.write(scope, async (write) => {
        const action = await requireOwnAction(write.tx, scope, id);
        if (action.status !== "accepted")
          throw new AppError("CONFLICT", {
            message: "Only an accepted action can be undone",
            details: { status: action.status },
          });
        await revert(write, action).catch((error: unknown) => {
          throw error instanceof AppError && error.code === "NOT_FOUND"
            ? new AppError("CONFLICT", { message: "What this action changed no longer exists" })
            : error;
        });
        const undone = await updateCoachAction(write.tx, scope.orgId, id, {
          status: "undone",
          undoneAt: write.now,
        });
        await auditAction(write, undone, "undone");
        return undone;
      }),
  };
}

export type GoalsCoach = ReturnType<typeof createGoalsCoach>;
