import { createRoute, z } from "@hono/zod-openapi";
import { formatHundredths, fromHundredths, toHundredths } from "../../../core/budget";
import { requestScope, requireOrgPermission } from "../../auth/guard";
import {
  commonErrorResponses,
  createRouter,
  dataEnvelope,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  pageEnvelope,
  pageMeta,
} from "../../http";
import type { ProjectMemberRow } from "./projects.queries";
import {
  addMemberInput,
  createProjectInput,
  listProjectsQuery,
  memberParams,
  projectMemberSchema,
  projectParams,
  projectSchema,
  updateMemberInput,
  updateProjectInput,
} from "./projects.schemas";
import type { ProjectInput, ProjectsService, ProjectView } from "./projects.service";

const tags = ["Projects"];

/** Any member of the active org; the project itself decides the rest (404 / 403). */
export const inOrg = requireOrgPermission("org.read");

export const toProject = (view: ProjectView) => ({
  id: view.id,
  name: view.name,
  description: view.description,
  client_name: view.clientName,
  status: view.status,
  start_date: view.startDate,
  end_date: view.endDate,
  budget_total: view.budgetTotal === null ? null : fromHundredths(toHundredths(view.budgetTotal)),
  currency: view.currency,
  my_role: view.myRole,
  permissions: view.permissions,
  deleted_at: isoOrNull(view.deletedAt),
  created_at: iso(view.createdAt),
  updated_at: iso(view.updatedAt),
});

const toMember = (row: ProjectMemberRow) => ({
  user_id: row.userId,
  name: row.name,
  email: row.email,
  role: row.role,
  billing_role: row.billingRole,
  added_at: iso(row.createdAt),
});

type ProjectBody = z.infer<typeof updateProjectInput>;

function toProjectInput(body: ProjectBody): Partial<ProjectInput> {
  const input: Partial<ProjectInput> = {
    name: body.name,
    description: body.description,
    clientName: body.client_name,
    status: body.status,
    startDate: body.start_date,
    endDate: body.end_date,
    currency: body.currency,
  };
  if (body.budget_total !== undefined) {
    input.budgetTotal = body.budget_total === null ? null : formatHundredths(toHundredths(body.budget_total));
  }
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

const projectResponse = (description: string) => jsonResponse(dataEnvelope(projectSchema), description);

const routes = {
  list: createRoute({
    method: "get",
    path: "/projects",
    tags,
    summary: "Projects you can see: all of the org's for owners and admins, else those you are a member of",
    middleware: inOrg,
    request: { query: listProjectsQuery },
    responses: { 200: jsonResponse(pageEnvelope(projectSchema), "Projects"), ...commonErrorResponses },
  }),
  create: createRoute({
    method: "post",
    path: "/projects",
    tags,
    summary: "Create a project; you become its admin",
    middleware: requireOrgPermission("projects.create"),
    request: { body: jsonBody(createProjectInput) },
    responses: { 201: projectResponse("Created"), ...commonErrorResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/projects/{id}",
    tags,
    summary: "A project, with your role on it and what it lets you do",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 200: projectResponse("The project"), ...commonErrorResponses },
  }),
  update: createRoute({
    method: "patch",
    path: "/projects/{id}",
    tags,
    summary: "Change a project (budget fields need budget permission)",
    middleware: inOrg,
    request: { params: projectParams, body: jsonBody(updateProjectInput) },
    responses: { 200: projectResponse("Updated"), ...commonErrorResponses },
  }),
  remove: createRoute({
    method: "delete",
    path: "/projects/{id}",
    tags,
    summary: "Delete a project (restorable)",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 204: { description: "Deleted" }, ...commonErrorResponses },
  }),
  restore: createRoute({
    method: "post",
    path: "/projects/{id}/restore",
    tags,
    summary: "Restore a deleted project",
    middleware: inOrg,
    request: { params: projectParams },
    responses: { 200: projectResponse("Restored"), ...commonErrorResponses },
  }),
  members: createRoute({
    method: "get",
    path: "/projects/{id}/members",
    tags,
    summary: "The project's members and their project roles",
    middleware: inOrg,
    request: { params: projectParams },
    responses: {
      200: jsonResponse(dataEnvelope(z.array(projectMemberSchema)), "Members"),
      ...commonErrorResponses,
    },
  }),
  addMember: createRoute({
    method: "post",
    path: "/projects/{id}/members",
    tags,
    summary: "Add an org member to the project with a project role",
    middleware: inOrg,
    request: { params: projectParams, body: jsonBody(addMemberInput) },
    responses: {
      201: jsonResponse(dataEnvelope(projectMemberSchema), "Added"),
      409: commonErrorResponses[400],
      ...commonErrorResponses,
    },
  }),
  updateMember: createRoute({
    method: "patch",
    path: "/projects/{id}/members/{userId}",
    tags,
    summary: "Change a member's project role or billing role",
    middleware: inOrg,
    request: { params: memberParams, body: jsonBody(updateMemberInput) },
    responses: { 200: jsonResponse(dataEnvelope(projectMemberSchema), "Updated"), ...commonErrorResponses },
  }),
  removeMember: createRoute({
    method: "delete",
    path: "/projects/{id}/members/{userId}",
    tags,
    summary: "Remove someone from the project",
    middleware: inOrg,
    request: { params: memberParams },
    responses: { 204: { description: "Removed" }, ...commonErrorResponses },
  }),
};

export function projectRoutes(projects: ProjectsService) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await projects.list(requestScope(c), {
        ...query,
        deleted: query.deleted === "true",
      });
      return c.json({ data: rows.map(toProject), meta: pageMeta(query, total) }, 200);
    })
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const project = await projects.create(requestScope(c), {
        ...toProjectInput(body),
        name: body.name,
      });
      return c.json({ data: toProject(project) }, 201);
    })
    .openapi(routes.get, async (c) =>
      c.json({ data: toProject(await projects.get(requestScope(c), c.req.valid("param").id)) }, 200),
    )
    .openapi(routes.update, async (c) => {
      const project = await projects.update(
        requestScope(c),
        c.req.valid("param").id,
        toProjectInput(c.req.valid("json")),
      );
      return c.json({ data: toProject(project) }, 200);
    })
    .openapi(routes.remove, async (c) => {
      await projects.remove(requestScope(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.restore, async (c) =>
      c.json({ data: toProject(await projects.restore(requestScope(c), c.req.valid("param").id)) }, 200),
    )
    .openapi(routes.members, async (c) => {
      const rows = await projects.listMembers(requestScope(c), c.req.valid("param").id);
      return c.json({ data: rows.map(toMember) }, 200);
    })
    .openapi(routes.addMember, async (c) => {
      const body = c.req.valid("json");
      const member = await projects.addMember(requestScope(c), c.req.valid("param").id, {
        userId: body.user_id,
        role: body.role,
        billingRole: body.billing_role,
      });
      return c.json({ data: toMember(member) }, 201);
    })
    .openapi(routes.updateMember, async (c) => {
      const { id, userId } = c.req.valid("param");
      const body = c.req.valid("json");
      const member = await projects.updateMember(requestScope(c), id, userId, {
        role: body.role,
        billingRole: body.billing_role,
      });
      return c.json({ data: toMember(member) }, 200);
    })
    .openapi(routes.removeMember, async (c) => {
      const { id, userId } = c.req.valid("param");
      await projects.removeMember(requestScope(c), id, userId);
      return c.body(null, 204);
    });
}
