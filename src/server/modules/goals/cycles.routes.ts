import { createRoute, z } from "@hono/zod-openapi";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  errorSchema,
  idParams,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
  paginationQuerySchema,
} from "../../http";
import type { CyclesService } from "./cycles.service";
import {
  createCycleInput,
  cycleSchema,
  toCacheUpdate,
  toCycle,
  updateCycleInput,
  writeEnvelope,
} from "./goals.schemas";

const tags = ["Goals"];
const read = requireOrgPermission("goals.use");
const manage = requireOrgPermission("goals.cycles.manage");

const routes = {
  list: createRoute({
    method: "get",
    path: "/goals/cycles",
    tags,
    summary: "Planning cycles, latest first",
    middleware: read,
    request: { query: paginationQuerySchema },
    responses: { 200: jsonResponse(pageEnvelope(cycleSchema), "Cycles"), ...commonErrorResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/goals/cycles/{id}",
    tags,
    summary: "One cycle",
    middleware: read,
    request: { params: idParams },
    responses: { 200: jsonResponse(dataEnvelope(cycleSchema), "The cycle"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/goals/cycles",
    tags,
    summary: "Create a cycle (90 days from start_date unless told otherwise)",
    middleware: manage,
    request: { body: jsonBody(createCycleInput) },
    responses: { 201: jsonResponse(writeEnvelope(cycleSchema), "Created"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/goals/cycles/{id}",
    tags,
    summary: "Rename a cycle or move its dates",
    middleware: manage,
    request: { params: idParams, body: jsonBody(updateCycleInput) },
    responses: { 200: jsonResponse(writeEnvelope(cycleSchema), "Updated"), ...commonErrorResponses },
  }),
  close: createRoute({
    method: "post",
    path: "/goals/cycles/{id}/close",
    tags,
    summary: "Close a cycle: record every objective's and key result's final score, then make it read-only",
    description:
      "Scores (0.0..1.0) and grades are recorded as they stand for every live objective and key result of the cycle, " +
      "whoever owns them, and appear as final_score / final_grade in the tree. Until the cycle is reopened, changes to " +
      "its goals answer 409 (sharing aside).",
    middleware: manage,
    request: { params: idParams },
    responses: {
      200: jsonResponse(writeEnvelope(cycleSchema), "Closed"),
      409: jsonResponse(errorSchema, "The cycle is already closed"),
      ...commonErrorResponses,
    },
  }),
  reopen: createRoute({
    method: "post",
    path: "/goals/cycles/{id}/reopen",
    tags,
    summary: "Reopen a closed cycle; its final scores are cleared until it closes again",
    middleware: manage,
    request: { params: idParams },
    responses: {
      200: jsonResponse(writeEnvelope(cycleSchema), "Reopened"),
      409: jsonResponse(errorSchema, "The cycle is not closed"),
      ...commonErrorResponses,
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/goals/cycles/{id}",
    tags,
    summary: "Delete an empty cycle",
    middleware: manage,
    request: { params: idParams },
    responses: {
      200: jsonResponse(writeEnvelope(z.object({ id: z.string() })), "Deleted"),
      409: jsonResponse(errorSchema, "The cycle still has objectives, or is closed"),
      ...commonErrorResponses,
    },
  }),
};

export function cyclesRoutes(cycles: CyclesService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await cycles.list(requestScope(c), query);
      return c.json({ data: rows.map(toCycle), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.get, async (c) =>
      c.json({ data: toCycle(await cycles.get(requestScope(c), c.req.valid("param").id)) }, 200),
    )
    .openapi(routes.create, async (c) => {
      const { value, cacheUpdate } = await cycles.create(requestScope(c), c.req.valid("json"));
      return c.json({ data: toCycle(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 201);
    })
    .openapi(routes.update, async (c) => {
      const { value, cacheUpdate } = await cycles.update(
        requestScope(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ data: toCycle(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.close, async (c) => {
      const { value, cacheUpdate } = await cycles.close(requestScope(c), c.req.valid("param").id);
      return c.json({ data: toCycle(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.reopen, async (c) => {
      const { value, cacheUpdate } = await cycles.reopen(requestScope(c), c.req.valid("param").id);
      return c.json({ data: toCycle(value), _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      const id = c.req.valid("param").id;
      const { cacheUpdate } = await cycles.remove(requestScope(c), id);
      return c.json({ data: { id }, _cacheUpdate: toCacheUpdate(cacheUpdate) }, 200);
    });
}
