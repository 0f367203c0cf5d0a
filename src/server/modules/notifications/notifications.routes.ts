import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import { NOTIFICATION_KINDS } from "../../db/schema";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  idParams,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
  uuidSchema,
} from "../../http";
import {
  MAILED_KINDS,
  type NotificationsService,
  type NotificationView,
  toNotification,
} from "./notifications.service";

const tags = ["Notifications"];
const use = requireOrgPermission("notifications.use");

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** What a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 5_000;

const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    payload: z.record(z.string(), z.unknown()).openapi({
      description:
        "Shaped per kind. mention/comment: actor_name, objective_id, objective_title, target_type, target_id, target_title, comment_id, excerpt, link. share: actor_name, objective_id, objective_title, permission, group_id, group_name, link. transfer (an objective handed to you): actor_name, objective_id, objective_title, link. check_in_reminder: week_start, key_results[], link. ai_budget_alert: budget (org or user), user_id, user_name, month, alert_percent, spent_usd, limit_usd, title, excerpt, link.",
    }),
    read: z.boolean(),
    read_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .openapi("Notification");

const emailChoicesSchema = z
  .object(
    Object.fromEntries(MAILED_KINDS.map((kind) => [kind, z.boolean()])) as Record<
      (typeof MAILED_KINDS)[number],
      z.ZodBoolean
    >,
  )
  .openapi("NotificationEmailChoices", {
    description: "Per kind: also sent by mail. Every notification shows in the app whatever is chosen here.",
  });
const settingsSchema = z.object({ email: emailChoicesSchema }).openapi("NotificationSettings");
const settingsPatch = z
  .strictObject({ email: emailChoicesSchema.partial().strict() })
  .openapi("NotificationSettingsPatch");

const routes = {
  getSettings: createRoute({
    method: "get",
    path: "/notifications/settings",
    tags,
    summary: "Which of your notifications in this org are also mailed to you",
    middleware: use,
    responses: { 200: jsonResponse(dataEnvelope(settingsSchema), "Your settings"), ...commonErrorResponses },
  }),
  updateSettings: createRoute({
    method: "patch",
    path: "/notifications/settings",
    tags,
    summary: "Turn mail on or off per kind of notification (in the app, all are shown)",
    middleware: use,
    request: { body: jsonBody(settingsPatch) },
    responses: { 200: jsonResponse(dataEnvelope(settingsSchema), "Saved"), ...commonErrorResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/notifications",
    tags,
    summary: "Your notifications in the active org, newest first",
    middleware: use,
    request: { query: paginationQuerySchema.extend({ unread: z.enum(["true", "false"]).optional() }) },
    responses: {
      200: jsonResponse(pageEnvelope(notificationSchema), "Notifications"),
      ...commonErrorResponses,
    },
  }),
  unreadCount: createRoute({
    method: "get",
    path: "/notifications/unread-count",
    tags,
    summary: "How many of your notifications are unread",
    middleware: use,
    responses: {
      200: jsonResponse(dataEnvelope(z.object({ unread: z.number().int() })), "Unread count"),
      ...commonErrorResponses,
    },
  }),
  update: createRoute({
    method: "patch",
    path: "/notifications/{id}",
    tags,
    summary: "Mark a notification read or unread",
    middleware: use,
    request: {
      params: idParams,
      body: jsonBody(z.strictObject({ read: z.boolean() }).openapi("NotificationPatch")),
    },
    responses: { 200: jsonResponse(dataEnvelope(notificationSchema), "Updated"), ...commonErrorResponses },
  }),
  readAll: createRoute({
    method: "post",
    path: "/notifications/read-all",
    tags,
    summary: "Mark all your notifications read",
    middleware: use,
    responses: {
      200: jsonResponse(dataEnvelope(z.object({ updated: z.number().int() })), "Marked"),
      ...commonErrorResponses,
    },
  }),
  stream: createRoute({
    method: "get",
    path: "/events",
    tags,
    summary: "Your live event stream (Server-Sent Events): one per browser tab",
    description:
      "One `notification` event per new notification, with the notification (as in the list) as JSON data and its id as the SSE event id. " +
      "Reconnecting with `Last-Event-ID` first replays what was missed. Comment lines (`: heartbeat`) arrive every 25 s.",
    middleware: use,
    request: {
      headers: z.object({
        "last-event-id": uuidSchema.optional().openapi({ description: "The id of the last event received" }),
      }),
    },
    responses: {
      200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
      ...commonErrorResponses,
    },
  }),
};

export function notificationsRoutes(notifications: NotificationsService) {
  // The settings come before /notifications/{id}: the router tries routes in the order they are added.
  return createRouter()
    .openapi(routes.getSettings, async (c) =>
      c.json({ data: { email: await notifications.getSettings(requestScope(c)) } }, 200),
    )
    .openapi(routes.updateSettings, async (c) =>
      c.json(
        { data: { email: await notifications.updateSettings(requestScope(c), c.req.valid("json").email) } },
        200,
      ),
    )
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await notifications.list(requestScope(c), {
        ...query,
        unreadOnly: query.unread === "true",
      });
      return c.json({ data: rows.map(toNotification), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.unreadCount, async (c) =>
      c.json({ data: { unread: await notifications.unreadCount(requestScope(c)) } }, 200),
    )
    .openapi(routes.update, async (c) => {
      const row = await notifications.setRead(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json").read,
      );
      return c.json({ data: toNotification(row) }, 200);
    })
    .openapi(routes.readAll, async (c) =>
      c.json({ data: { updated: await notifications.markAllRead(requestScope(c)) } }, 200),
    )
    .openapi(routes.stream, (c) => {
      const scope = requestScope(c);
      const lastEventId = c.req.valid("header")["last-event-id"] ?? null;
      const log = c.get("log");
      c.header("X-Accel-Buffering", "no");
      return streamSSE(c, async (stream) => {
        const queue: NotificationView[] = [];
        let wake: (() => void) | null = null;
        // Subscribe before replaying, so a notification created in between is queued, not lost;
        // ids only grow (UUIDv7), so anything at or before the last one sent is a duplicate.
        const unsubscribe = notifications.subscribe(scope.orgId, scope.userId!, (notification) => {
          queue.push(notification);
          wake?.();
        });
        const heartbeat = setInterval(() => {
          stream.write(": heartbeat\n\n").catch(() => stream.abort());
        }, HEARTBEAT_MS);
        stream.onAbort(() => {
          clearInterval(heartbeat);
          unsubscribe();
          wake?.();
        });
        try {
          await stream.write(`retry: ${RETRY_MS}\n\n`);
          let lastSent = lastEventId;
          if (lastEventId) queue.unshift(...(await notifications.missedSince(scope, lastEventId)));
          while (!stream.aborted) {
            for (let row = queue.shift(); row; row = queue.shift()) {
              if (lastSent && row.id <= lastSent) continue;
              await stream.writeSSE({
                id: row.id,
                event: "notification",
                data: JSON.stringify(row),
              });
              lastSent = row.id;
            }
            if (stream.aborted) break;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
          }
        } catch (error) {
          log.warn({ err: error }, "notification stream ended with an error");
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
    });
}
