import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  AppError,
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  errorSchema,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  timestampSchema,
  uuidSchema,
} from "../../http";
import { taskStatusSchema, toCacheUpdate, writeEnvelope } from "./goals.schemas";
import type { TimeBlockView } from "./time-blocks.queries";
import type { TimeBlocksService } from "./time-blocks.service";

const tags = ["Goals"];
const use = requireOrgPermission("goals.use");

/** The longest range one listing covers: a month view with its spill-over weeks. */
const MAX_RANGE_DAYS = 62;
const dateTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });

const timeBlockSchema = z
  .object({
    id: z.string(),
    task_id: z.string(),
    task_title: z.string(),
    task_status: taskStatusSchema,
    key_result_id: z.string(),
    key_result_title: z.string(),
    objective_id: z.string(),
    objective_title: z.string(),
    starts_at: timestampSchema,
    ends_at: timestampSchema,
    note: z.string(),
    completed_at: timestampSchema.nullable(),
    progress_logged: z.boolean(),
  })
  .openapi("TimeBlock");

const toTimeBlock = (row: TimeBlockView) => ({
  id: row.id,
  task_id: row.taskId,
  task_title: row.taskTitle,
  task_status: row.taskStatus,
  key_result_id: row.keyResultId,
  key_result_title: row.keyResultTitle,
  objective_id: row.objectiveId,
  objective_title: row.objectiveTitle,
  starts_at: iso(row.startsAt),
  ends_at: iso(row.endsAt),
  note: row.note,
  completed_at: isoOrNull(row.completedAt),
  progress_logged: row.progressLogged,
});

const createInput = z
  .strictObject({
    task_id: uuidSchema,
    starts_at: dateTime,
    ends_at: dateTime,
    note: z.string().trim().max(500).optional(),
  })
  .openapi("TimeBlockInput");
const updateInput = z
  .strictObject({
    starts_at: dateTime.optional(),
    ends_at: dateTime.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .openapi("TimeBlockPatch");
const completeInput = z
  .discriminatedUnion("log", [
    z.strictObject({ log: z.literal("none") }),
    z.strictObject({ log: z.literal("task_done") }),
    z.strictObject({
      log: z.literal("key_result"),
      amount: z
        .number()
        .min(-1e9)
        .max(1e9)
        .refine((n) => n !== 0, { error: "must not be 0" }),
    }),
  ])
  .openapi("TimeBlockCompletion", {
    description:
      "none: just mark the block done; task_done: also mark its task done; key_result: also add `amount` to its key result (as this week's check-in)",
  });

const feedStatusSchema = z
  .object({
    active: z.boolean(),
    created_at: timestampSchema.nullable(),
    last_used_at: timestampSchema.nullable(),
  })
  .openapi("CalendarFeedStatus");

const routes = {
  list: createRoute({
    method: "get",
    path: "/goals/time-blocks",
    tags,
    summary: "Your time blocks overlapping [from, to) (at most 62 days)",
    middleware: use,
    request: { query: z.object({ from: dateTime, to: dateTime }) },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(timeBlockSchema)), "Time blocks"),
      ...commonErrorResponses,
    },
  }),
  create: createRoute({
    method: "post",
    path: "/goals/time-blocks",
    tags,
    summary: "Block time for a task (edit access, or the task is yours)",
    middleware: use,
    request: { body: jsonBody(createInput) },
    responses: { 201: jsonResponse(dataEnvelope(timeBlockSchema), "Scheduled"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/goals/time-blocks/{id}",
    tags,
    summary: "Move, resize or annotate one of your time blocks",
    middleware: use,
    request: { params: idParams, body: jsonBody(updateInput) },
    responses: { 200: jsonResponse(dataEnvelope(timeBlockSchema), "Updated"), ...commonErrorResponses },
  }),
  remove: createRoute({
    method: "delete",
    path: "/goals/time-blocks/{id}",
    tags,
    summary: "Remove one of your time blocks",
    middleware: use,
    request: { params: idParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
  complete: createRoute({
    method: "post",
    path: "/goals/time-blocks/{id}/complete",
    tags,
    summary: "Mark a time block done, optionally logging progress on its task or key result",
    middleware: use,
    request: { params: idParams, body: jsonBody(completeInput) },
    responses: {
      200: jsonResponse(writeEnvelope(timeBlockSchema), "Completed"),
      409: jsonResponse(errorSchema, "The block is already completed"),
      ...commonErrorResponses,
    },
  }),
  feedStatus: createRoute({
    method: "get",
    path: "/goals/calendar-feed",
    tags,
    summary: "Whether you have a calendar feed URL (the URL itself is shown only when created)",
    middleware: use,
    responses: { 200: jsonResponse(dataEnvelope(feedStatusSchema), "Status"), ...commonErrorResponses },
  }),
  rotateFeed: createRoute({
    method: "post",
    path: "/goals/calendar-feed",
    tags,
    summary: "Create your iCalendar feed URL, or replace it (the old one stops working)",
    description:
      "Subscribe to the URL from Outlook (Add calendar > From internet), Google Calendar (Other calendars > From URL) " +
      "or Apple Calendar. It carries a secret: anyone with it can read your time blocks, so revoke it if it leaks.",
    middleware: use,
    responses: {
      201: jsonResponse(
        dataEnvelope(z.object({ url: z.string(), created_at: timestampSchema }).openapi("CalendarFeed")),
        "The feed URL, shown this once",
      ),
      ...commonErrorResponses,
    },
  }),
  revokeFeed: createRoute({
    method: "delete",
    path: "/goals/calendar-feed",
    tags,
    summary: "Revoke your calendar feed URL",
    middleware: use,
    responses: { 204: { description: "Revoked" }, ...commonErrorResponses },
  }),
};

export function timeBlocksRoutes(timeBlocks: TimeBlocksService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
        throw new AppError("VALIDATION_ERROR", {
          message: `to must be after from, at most ${MAX_RANGE_DAYS} days later`,
          details: [{ path: "to", message: `after from, within ${MAX_RANGE_DAYS} days` }],
        });
      }
      const rows = await timeBlocks.list(requestScope(c), { from, to });
      return c.json({ data: rows.map(toTimeBlock) }, 200);
    })
    .openapi(routes.create, async (c) => {
      return c.json(
        { data: toTimeBlock(await timeBlocks.create(requestScope(c), c.req.valid("json"))) },
        201,
      );
    })
    .openapi(routes.update, async (c) => {
      const block = await timeBlocks.update(requestScope(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json({ data: toTimeBlock(block) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      await timeBlocks.remove(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.complete, async (c) => {
      const { value, cacheUpdate } = await timeBlocks.complete(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ data: toTimeBlock(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.feedStatus, async (c) => {
      const live = await timeBlocks.feedStatus(requestScope(c));
      return c.json(
        {
          data: {
            active: Boolean(live),
            created_at: isoOrNull(live?.createdAt),
            last_used_at: isoOrNull(live?.lastUsedAt),
          },
        },
        200,
      );
    })
    .openapi(routes.rotateFeed, async (c) => {
      const feed = await timeBlocks.rotateFeed(requestScope(c));
      return c.json({ data: { url: feed.url, created_at: iso(feed.createdAt) } }, 201);
    })
    .openapi(routes.revokeFeed, async (c) => {
      await timeBlocks.revokeFeed(requestScope(c));
      return c.body(null, 204);
    });
}

const publicFeed = createRoute({
  method: "get",
  path: "/calendar/{file}",
  tags,
  summary: "A person's time blocks as an iCalendar feed (public; the token in the URL is the credential)",
  request: {
    params: z.object({
      file: z
        .string()
        .max(200)
        .openapi({
          param: { name: "file", in: "path" },
          description: "{token}.ics, from POST /api/v1/goals/calendar-feed",
        }),
    }),
  },
  responses: {
    200: { description: "The calendar", content: { "text/calendar": { schema: z.string() } } },
    404: commonErrorResponses[404],
  },
});

/** Mounted under /api, outside /api/v1's session authentication: calendar apps send no cookies. */
export function calendarFeedRoutes(timeBlocks: TimeBlocksService) {
  return createRouter().openapi(publicFeed, async (c) => {
    const body = await timeBlocks.renderFeed(c.req.valid("param").file);
    return c.body(body, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="cairn-goals.ics"',
      // Calendar apps poll; a few minutes of caching spares the database without going stale.
      "Cache-Control": "private, max-age=300",
    });
  });
}
