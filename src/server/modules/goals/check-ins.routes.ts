import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  idParams,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
  timestampSchema,
} from "../../http";
import type { CheckInRow } from "./check-ins.queries";
import type { CheckInsService } from "./check-ins.service";
import { checkInInput, toCacheUpdate, updateCheckInInput, writeEnvelope } from "./goals.schemas";

const tags = ["Goals"];
const use = requireOrgPermission("goals.use");

const checkInSchema = z
  .object({
    id: z.string(),
    key_result_id: z.string(),
    author_id: z.string().nullable(),
    author_name: z.string().nullable(),
    week_start: z.string().openapi({ description: "The Monday of the week" }),
    value: z.number(),
    confidence: z.number().nullable(),
    note: z.string(),
    edited: z.boolean(),
    edited_at: timestampSchema.nullable(),
    created_at: timestampSchema,
  })
  .openapi("CheckIn");

const toCheckIn = (row: CheckInRow & { authorName?: string | null }) => ({
  id: row.id,
  key_result_id: row.keyResultId,
  author_id: row.authorId,
  author_name: row.authorName ?? null,
  week_start: row.weekStart,
  value: row.value,
  confidence: row.confidence,
  note: row.note,
  edited: row.editedAt !== null,
  edited_at: isoOrNull(row.editedAt),
  created_at: iso(row.createdAt),
});

const routes = {
  list: createRoute({
    method: "get",
    path: "/goals/key-results/{id}/check-ins",
    tags,
    summary: "A key result's check-in history, newest week first",
    middleware: use,
    request: { params: idParams, query: paginationQuerySchema },
    responses: { 200: jsonResponse(pageEnvelope(checkInSchema), "Check-ins"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/goals/key-results/{id}/check-ins",
    tags,
    summary: "Check in: the week's value, confidence and a note (edit access)",
    description:
      "One check-in per key result and week: checking in again the same week updates that week's entry (200). " +
      "The latest week's check-in sets the key result's current value and confidence.",
    middleware: use,
    request: { params: idParams, body: jsonBody(checkInInput) },
    responses: {
      200: jsonResponse(writeEnvelope(checkInSchema), "This week's check-in, updated"),
      201: jsonResponse(writeEnvelope(checkInSchema), "Checked in"),
      ...commonErrorResponses,
    },
  }),
  update: createRoute({
    method: "patch",
    path: "/goals/check-ins/{id}",
    tags,
    summary: "Correct a check-in (edit access); it stays in the history, marked edited",
    middleware: use,
    request: { params: idParams, body: jsonBody(updateCheckInInput) },
    responses: { 200: jsonResponse(writeEnvelope(checkInSchema), "Updated"), ...commonErrorResponses },
  }),
};

export function checkInsRoutes(checkIns: CheckInsService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await checkIns.list(requestScope(c), c.req.valid("param").id, query);
      return c.json({ data: rows.map(toCheckIn), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.create, async (c) => {
      const { value, cacheUpdate } = await checkIns.checkIn(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        { data: toCheckIn(value.checkIn), _cacheUpdate: toCacheUpdate(cacheUpdate) },
        value.created ? 201 : 200,
      );
    })
    .openapi(routes.update, async (c) => {
      const { value, cacheUpdate } = await checkIns.update(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ data: toCheckIn(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    });
}
