import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
  uuidSchema,
} from "../../http";
import type { AuditService } from "./audit.service";

const tags = ["Audit"];
const readAudit = requireOrgPermission("audit.read");

const auditEventSchema = z
  .object({
    id: z.string(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string().nullable(),
    actor: z.object({
      user_id: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      api_key_id: z.string().nullable(),
    }),
    before: z.unknown(),
    after: z.unknown(),
    correlation_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: timestampSchema,
  })
  .openapi("AuditEvent");

const dateTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });

const listQuery = paginationQuerySchema.extend({
  action: z.string().trim().max(100).optional().openapi({ description: "Prefix match, e.g. `member.`" }),
  entity_type: z.string().trim().max(100).optional(),
  entity_id: z.string().trim().max(100).optional(),
  actor_user_id: uuidSchema.optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
});

const listRoute = createRoute({
  method: "get",
  path: "/audit-events",
  tags,
  summary: "The org's audit trail, newest first, filterable",
  middleware: readAudit,
  request: { query: listQuery },
  responses: { 200: jsonResponse(pageEnvelope(auditEventSchema), "Audit events"), ...commonErrorResponses },
});

const actionsRoute = createRoute({
  method: "get",
  path: "/audit-events/actions",
  tags,
  summary: "The distinct actions recorded, for filter menus",
  middleware: readAudit,
  responses: { 200: jsonResponse(dataEnvelope(z.array(z.string())), "Actions"), ...commonErrorResponses },
});

export function auditRoutes(audit: AuditService) {
  return createRouter()
    .openapi(actionsRoute, async (c) => c.json({ data: await audit.actions(requestScope(c)) }, 200))
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await audit.list(
        requestScope(c),
        {
          action: query.action,
          entityType: query.entity_type,
          entityId: query.entity_id,
          actorUserId: query.actor_user_id,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        },
        query,
      );
      return c.json(
        {
          data: rows.map((row) => ({
            id: row.id,
            action: row.action,
            entity_type: row.entityType,
            entity_id: row.entityId,
            actor: {
              user_id: row.actorUserId,
              name: row.actorName,
              email: row.actorEmail,
              api_key_id: row.actorApiKeyId,
            },
            before: row.before,
            after: row.after,
            correlation_id: row.correlationId,
            ip: row.ip,
            user_agent: row.userAgent,
            created_at: iso(row.createdAt),
          })),
          meta: pageMeta(query, total),
        },
        200,
      );
    });
}
