import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  nameSchema,
  orgRoleSchema,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
} from "../../http";
import type { ApiKeysService } from "./api-keys.service";

const tags = ["API keys"];
const manage = requireOrgPermission("api_keys.manage");

const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: orgRoleSchema,
    created_by_name: z.string().nullable(),
    last_used_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable(),
    revoked_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .openapi("ApiKey");

const createdKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: "The secret. Shown once; store it now." }) })
  .openapi("CreatedApiKey");

const createInput = z
  .strictObject({
    name: nameSchema(80),
    role: orgRoleSchema.default("member"),
    expires_in_days: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .openapi("ApiKeyInput");

type KeyLike = {
  id: string;
  name: string;
  prefix: string;
  role: z.infer<typeof orgRoleSchema>;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  userName?: string | null;
};
const toApiKey = (row: KeyLike) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role,
  created_by_name: row.userName ?? null,
  last_used_at: isoOrNull(row.lastUsedAt),
  expires_at: isoOrNull(row.expiresAt),
  revoked_at: isoOrNull(row.revokedAt),
  created_at: iso(row.createdAt),
});

const listRoute = createRoute({
  method: "get",
  path: "/api-keys",
  tags,
  summary: "API keys of the active org (secrets are never shown again)",
  middleware: manage,
  request: { query: paginationQuerySchema },
  responses: { 200: jsonResponse(pageEnvelope(apiKeySchema), "Keys"), ...commonErrorResponses },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/api-keys",
  tags,
  summary: "Create a key acting for you in this org, with at most your role",
  middleware: manage,
  request: { body: jsonBody(createInput) },
  responses: {
    201: jsonResponse(dataEnvelope(createdKeySchema), "Created; the key is in `key`"),
    ...commonErrorResponses,
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  tags,
  summary: "Revoke a key",
  middleware: manage,
  request: { params: idParams },
  responses: { 204: { description: "Revoked" }, ...commonErrorResponses },
});

export function apiKeysRoutes(apiKeys: ApiKeysService) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await apiKeys.list(requestScope(c), query);
      return c.json({ data: rows.map(toApiKey), meta: pageMeta(query, total) }, 200);
    })
    .openapi(createKeyRoute, async (c) => {
      const input = c.req.valid("json");
      const created = await apiKeys.create(requestScope(c), {
        name: input.name,
        role: input.role,
        expiresInDays: input.expires_in_days,
      });
      return c.json({ data: { ...toApiKey(created), key: created.key } }, 201);
    })
    .openapi(revokeRoute, async (c) => {
      await apiKeys.revoke(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    });
}
