import { createRoute, z } from "@hono/zod-openapi";
import { SESSION_HEADER } from "../../ai";
import { requestScope } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  errorSchema,
  iso,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
} from "../../http";
import type { ChatMessageRow } from "./chat.queries";
import { chatInput, chatSessionDetailSchema, chatSessionParams, chatSessionSchema } from "./chat.schemas";
import type { ChatEvent, ChatService } from "./chat.service";
import { inOrg } from "./projects.routes";
import { projectParams } from "./projects.schemas";

const tags = ["Project chat"];

const routes = {
  chat: createRoute({
    method: "post",
    path: "/projects/{id}/chat",
    tags,
    summary: "Ask about a project; the answer streams as JSON lines",
    description:
      "Answered through the AI gateway (task `project_analysis`, feature `project_chat`) from what " +
      "the caller may see of this project only. Lines of `application/x-ndjson`: " +
      '`{"type":"content","text":…}` deltas, then `{"type":"citations","items":[{id,ref,title,type}]}` ' +
      '(the items the answer cites), then `{"type":"done","model","provider","offline","fallback_used"}`; ' +
      'or `{"type":"error","message":…}` if the answer breaks off. Refusals before the answer starts ' +
      "(no access, bad input, rate limit, budget spent, no model) are ordinary JSON errors.",
    middleware: inOrg,
    request: { params: projectParams, body: jsonBody(chatInput) },
    responses: {
      200: {
        description: "The answer, streamed",
        headers: z.object({
          [SESSION_HEADER]: z.string().openapi({ description: "The conversation's transcript session" }),
        }),
        // A record rather than a literal: the handler answers with a plain streamed Response.
        content: Object.fromEntries([["application/x-ndjson", { schema: z.string() }]]),
      },
      ...commonErrorResponses,
      402: jsonResponse(errorSchema, "The org's or the caller's monthly AI budget is spent"),
      409: jsonResponse(errorSchema, "The conversation is full: start a new one"),
      502: jsonResponse(errorSchema, "Every model in the chain failed"),
      503: jsonResponse(errorSchema, "No model is available for the task"),
    },
  }),
  sessions: createRoute({
    method: "get",
    path: "/projects/{id}/chat/sessions",
    tags,
    summary: "Your saved conversations about the project, most recently continued first (only yours)",
    middleware: inOrg,
    request: { params: projectParams, query: paginationQuerySchema },
    responses: {
      200: jsonResponse(pageEnvelope(chatSessionSchema), "Conversations"),
      ...commonErrorResponses,
    },
  }),
  session: createRoute({
    method: "get",
    path: "/projects/{id}/chat/sessions/{sessionId}",
    tags,
    summary: "One of your saved conversations with every turn, to reopen and continue it",
    middleware: inOrg,
    request: { params: chatSessionParams },
    responses: {
      200: jsonResponse(dataEnvelope(chatSessionDetailSchema), "The conversation"),
      ...commonErrorResponses,
    },
  }),
  deleteSession: createRoute({
    method: "delete",
    path: "/projects/{id}/chat/sessions/{sessionId}",
    tags,
    summary: "Delete one of your saved conversations",
    middleware: inOrg,
    request: { params: chatSessionParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
};

const toMessage = (row: ChatMessageRow) => ({
  id: row.id,
  role: row.role,
  content: row.content,
  citations: row.citations,
  answered_by: row.answeredBy
    ? {
        model: row.answeredBy.model,
        provider: row.answeredBy.provider,
        offline: row.answeredBy.offline,
        fallback_used: row.answeredBy.fallbackUsed,
      }
    : null,
  error: row.error,
  created_at: iso(row.createdAt),
});

/** The wire form of an event: snake_case like the rest of the API. */
const toLine = (event: ChatEvent) =>
  event.type === "done"
    ? {
        type: "done",
        model: event.model,
        provider: event.provider,
        offline: event.offline,
        fallback_used: event.fallbackUsed,
      }
    : event;

function ndjsonResponse(events: AsyncIterable<ChatEvent>, sessionId: string): Response {
  const encoder = new TextEncoder();
  const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const event of events) controller.enqueue(line(toLine(event)));
      } catch {
        controller.enqueue(line({ type: "error", message: "The answer broke off" }));
      } finally {
        controller.close();
      }
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      [SESSION_HEADER]: sessionId,
    },
  });
}

export function chatRoutes(chat: ChatService) {
  return createRouter()
    .openapi(routes.chat, async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      // Refusals throw here, before the stream starts: an ordinary JSON error.
      const { events, sessionId } = await chat.ask(
        requestScope(c),
        id,
        { question: body.question, history: body.history, sessionId: body.session_id },
        c.req.raw.signal,
      );
      return ndjsonResponse(events, sessionId);
    })
    .openapi(routes.sessions, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await chat.listSessions(requestScope(c), c.req.valid("param").id, query);
      return c.json(
        {
          data: rows.map((row) => ({
            id: row.id,
            title: row.title,
            message_count: row.messageCount,
            created_at: iso(row.createdAt),
            updated_at: iso(row.updatedAt),
          })),
          meta: pageMeta(query, total),
        },
        200,
      );
    })
    .openapi(routes.session, async (c) => {
      const { id, sessionId } = c.req.valid("param");
      const session = await chat.getSession(requestScope(c), id, sessionId);
      return c.json(
        {
          data: {
            id: session.id,
            title: session.title,
            created_at: iso(session.createdAt),
            updated_at: iso(session.updatedAt),
            messages: session.messages.map(toMessage),
          },
        },
        200,
      );
    })
    .openapi(routes.deleteSession, async (c) => {
      const { id, sessionId } = c.req.valid("param");
      await chat.deleteSession(requestScope(c), id, sessionId);
      return c.body(null, 204);
    });
}
