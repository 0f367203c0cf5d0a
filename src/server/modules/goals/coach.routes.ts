import { createRoute, z } from "@hono/zod-openapi";
import { COACH_CONTENT_TYPE } from "../../../core/okr";
import { SESSION_HEADER } from "../../ai";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  errorSchema,
  idParams,
  jsonBody,
  jsonResponse,
} from "../../http";
import { coachActionSchema, coachRequestBody, toCoachAction } from "./coach.schemas";
import type { GoalsCoach } from "./coach.service";
import { cacheUpdateSchema, toCacheUpdate } from "./goals.schemas";

const tags = ["Goals"];
// Guests use Goals (what is shared with them) but not the AI.
const use = [requireOrgPermission("goals.use"), requireOrgPermission("ai.use")];

const conflict = { 409: jsonResponse(errorSchema, "The action is not in a state that allows this") };
const withCacheUpdate = z.object({ action: coachActionSchema, _cacheUpdate: cacheUpdateSchema });

const actionRoute = (verb: "accept" | "reject" | "undo", summary: string, changesTree: boolean) =>
  createRoute({
    method: "post",
    path: `/goals/coach/actions/{id}/${verb}`,
    tags,
    summary,
    description:
      "Only the person the action was proposed to may act on it; for anyone else it does not exist.",
    middleware: use,
    request: { params: idParams },
    responses: {
      200: jsonResponse(
        dataEnvelope(changesTree ? withCacheUpdate : z.object({ action: coachActionSchema })),
        "The action",
      ),
      ...commonErrorResponses,
      ...conflict,
    },
  });

const routes = {
  chat: createRoute({
    method: "post",
    path: "/goals/coach",
    tags,
    summary: "Ask the AI coach about your goals; it reviews them and proposes changes",
    description:
      "Streams `application/x-ndjson`, one JSON object per line: `content` (`text` to append, Markdown), " +
      "`actions` (proposed changes: `id`, `kind`, `summary`, `target_id`, `payload` as the normal create/update " +
      "endpoint takes it; accept or reject each), `req_more_info` (`question`, `fields`) when the request is " +
      "ambiguous, then always `done` (`model`, `provider`, `offline`) last. A failure after streaming began is an " +
      "`error` line (`message`) before `done`. Refusals before streaming (input, budget, rate limit) are JSON errors.",
    middleware: use,
    request: { body: jsonBody(coachRequestBody) },
    responses: {
      200: {
        description: "The coach's reply, streamed",
        headers: z.object({
          [SESSION_HEADER]: z.string().openapi({ description: "The conversation's transcript session" }),
        }),
        // A record rather than a literal: the handler answers with a plain streamed Response.
        content: Object.fromEntries([["application/x-ndjson", { schema: z.string() }]]),
      },
      ...commonErrorResponses,
      402: jsonResponse(errorSchema, "The org's or the caller's monthly AI budget is spent"),
      502: jsonResponse(errorSchema, "Every model in the chain failed"),
      503: jsonResponse(errorSchema, "No model is available"),
    },
  }),
  accept: actionRoute(
    "accept",
    "Apply a proposed change, with the same checks as making it by hand (409 if already decided)",
    true,
  ),
  reject: actionRoute("reject", "Decline a proposed change", false),
  undo: actionRoute(
    "undo",
    "Revert an accepted change: delete what it created, or restore what it replaced",
    true,
  ),
};

/** The Goals coach: the streamed chat, and deciding on what it proposed. */
export function coachRoutes(coach: GoalsCoach) {
  return createRouter()
    .openapi(routes.chat, async (c) => {
      const { body, sessionId } = await coach.chat(requestScope(c), c.req.valid("json"), c.req.raw.signal);
      return new Response(body, {
        status: 200,
        headers: {
          [SESSION_HEADER]: sessionId,
          "content-type": COACH_CONTENT_TYPE,
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
        },
      });
    })
    .openapi(routes.accept, async (c) => {
      const { value, cacheUpdate } = await coach.accept(requestScope(c), c.req.valid("param").id);
      return c.json(
        { data: { action: toCoachAction(value), _cacheUpdate: toCacheUpdate(cacheUpdate) } },
        200,
      );
    })
    .openapi(routes.reject, async (c) => {
      const action = await coach.reject(requestScope(c), c.req.valid("param").id);
      return c.json({ data: { action: toCoachAction(action) } }, 200);
    })
    .openapi(routes.undo, async (c) => {
      const { value, cacheUpdate } = await coach.undo(requestScope(c), c.req.valid("param").id);
      return c.json(
        { data: { action: toCoachAction(value), _cacheUpdate: toCacheUpdate(cacheUpdate) } },
        200,
      );
    });
}
