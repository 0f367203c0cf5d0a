import { canInOrg, PROJECT_ACTIONS, type ProjectAction, type ProjectRole } from "../../../core/permissions";
import type { ProjectStatus } from "../../../core/raid";
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import { assertCan, can, getProjectAccess, type ProjectAccess } from "./access";
import { recordLeaversBillingRole } from "./budget.queries";
import type { ProjectsDeps } from "./deps";
import {
  addProjectMember,
  createProject,
  getProjectMember,
  listProjectMembers,
  listProjects,
  type ProjectRow,
  type ProjectValues,
  removeProjectMember,
  removeUserFromProjects,
  updateProject,
  updateProjectMember,
} from "./projects.queries";

export interface ProjectInput {
  name: string;
  description?: string;
  clientName?: string | null;
  status?: ProjectStatus;
  startDate?: string | null;
  endDate?: string | null;
  /** Decimal string, e.g. "120000.00". */
  budgetTotal?: string | null;
  currency?: string;
}

export type ProjectPatch = Partial<ProjectInput>;

/** A project as the caller sees it: their role, what it lets them do, budget only if they may read it. */
export interface ProjectView extends ProjectRow {
  myRole: ProjectRole;
  permissions: ProjectAction[];
}

export function viewOf(access: ProjectAccess): ProjectView {
  return {
    ...access.project,
    budgetTotal: can(access, "projects.budget.read") ? access.project.budgetTotal : null,
    myRole: access.role,
    permissions: PROJECT_ACTIONS.filter((action) => can(access, action)),
  };
}

function assertDatesOrdered(startDate: string | null | undefined, endDate: string | null | undefined) {
  if (startDate && endDate && endDate < startDate) {
    throw new AppError("VALIDATION_ERROR", {
      message: "The end date is before the start date",
      details: [{ path: "end_date", message: "must be on or after the start date" }],
    });
  }
}

const BUDGET_FIELDS = ["budgetTotal", "currency"] as const;

/** Projects and their members: who may see a project and with which project role. */
export function createProjectsService(deps: ProjectsDeps) {
  const { db, members } = deps;

  return {
    list: (
      scope: OrgScope,
      query: PaginationQuery & { deleted?: boolean; status?: ProjectStatus; search?: string },
    ) =>
      inTenant(db, scope, async (tx) => {
        const allOfOrg = canInOrg(scope.role, "projects.read_all");
        const { rows, total } = await listProjects(tx, {
          orgId: scope.orgId,
          userId: scope.userId ?? "",
          allOfOrg,
          deleted: query.deleted ?? false,
          status: query.status,
          search: query.search,
          page: toPageRequest(query),
        });
        const views = rows.map(({ memberRole, ...project }) =>
          viewOf({ project, role: allOfOrg ? "admin" : memberRole! }),
        );
        return { rows: views, total };
      }),

    get: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => viewOf(await getProjectAccess(tx, scope, id))),

    /** The creator becomes the project's admin. */
    create: (scope: OrgScope, input: ProjectInput) =>
      inTenant(db, scope, async (tx) => {
        assertDatesOrdered(input.startDate, input.endDate);
        const project = await createProject(tx, { ...input, orgId: scope.orgId, createdBy: scope.userId });
        if (scope.userId) {
          await addProjectMember(tx, {
            orgId: scope.orgId,
            projectId: project.id,
            userId: scope.userId,
            role: "admin",
            billingRole: null,
          });
        }
        await recordAudit(tx, scope, {
          action: "project.created",
          entityType: "project",
          entityId: project.id,
          after: project,
        });
        return viewOf({ project, role: "admin" });
      }),

    update: (scope: OrgScope, id: string, patch: ProjectPatch) =>
      inTenant(db, scope, async (tx) => {
        const access = await getProjectAccess(tx, scope, id);
        assertCan(access, "projects.update");
        if (BUDGET_FIELDS.some((field) => patch[field] !== undefined))
          assertCan(access, "projects.budget.write");
        const before = access.project;
        assertDatesOrdered(
          patch.startDate === undefined ? before.startDate : patch.startDate,
          patch.endDate === undefined ? before.endDate : patch.endDate,
        );
        const values: ProjectValues = Object.fromEntries(
          Object.entries(patch).filter(
            ([field, value]) => value !== undefined && value !== before[field as keyof ProjectValues],
          ),
        );
        const changed = Object.keys(values) as (keyof ProjectValues)[];
        if (changed.length === 0) return viewOf(access);
        const after = (await updateProject(tx, scope.orgId, id, values))!;
        await recordAudit(tx, scope, {
          action: "project.updated",
          entityType: "project",
          entityId: id,
          before: Object.fromEntries(changed.map((field) => [field, before[field]])),
          after: Object.fromEntries(changed.map((field) => [field, after[field]])),
        });
        return viewOf({ ...access, project: after });
      }),

    /** Soft delete: the project and everything in it disappear until restored. */
    remove: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        assertCan(await getProjectAccess(tx, scope, id), "projects.delete");
        await updateProject(tx, scope.orgId, id, { deletedAt: new Date() });
        await recordAudit(tx, scope, { action: "project.deleted", entityType: "project", entityId: id });
      }),

    restore: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const access = await getProjectAccess(tx, scope, id, { deleted: true });
        assertCan(access, "projects.delete");
        const project = (await updateProject(tx, scope.orgId, id, { deletedAt: null }))!;
        await recordAudit(tx, scope, { action: "project.restored", entityType: "project", entityId: id });
        return viewOf({ ...access, project });
      }),

    listMembers: (scope: OrgScope, projectId: string) =>
      inTenant(db, scope, async (tx) => {
        assertCan(await getProjectAccess(tx, scope, projectId), "projects.read");
        return listProjectMembers(tx, scope.orgId, projectId);
      }),

    addMember: (
      scope: OrgScope,
      projectId: string,
      input: { userId: string; role: ProjectRole; billingRole?: string | null },
    ) =>
      inTenant(db, scope, async (tx) => {
        assertCan(await getProjectAccess(tx, scope, projectId), "projects.members.manage");
        const membership = await members.findMembership(scope.orgId, input.userId, tx);
        if (!membership) {
          throw new AppError("VALIDATION_ERROR", {
            message: "Only members of the organization can join its projects",
            details: [{ path: "user_id", message: "Not a member of this organization" }],
          });
        }
        assertGuestRole(membership.role, input.role);
        if (await getProjectMember(tx, scope.orgId, projectId, input.userId)) {
          throw new AppError("CONFLICT", { message: "Already a member of this project" });
        }
        const values = { role: input.role, billingRole: input.billingRole ?? null };
        await addProjectMember(tx, { orgId: scope.orgId, projectId, userId: input.userId, ...values });
        await recordAudit(tx, scope, {
          action: "project.member_added",
          entityType: "project",
          entityId: projectId,
          after: { userId: input.userId, ...values },
        });
        return (await getProjectMember(tx, scope.orgId, projectId, input.userId))!;
      }),

    updateMember: (
      scope: OrgScope,
      projectId: string,
      userId: string,
      patch: { role?: ProjectRole; billingRole?: string | null },
    ) =>
      inTenant(db, scope, async (tx) => {
        assertCan(await getProjectAccess(tx, scope, projectId), "projects.members.manage");
        const before = await getProjectMember(tx, scope.orgId, projectId, userId);
        if (!before) throw new AppError("NOT_FOUND", { message: "Not a member of this project" });
        if (patch.role) {
          const membership = await members.findMembership(scope.orgId, userId, tx);
          if (membership) assertGuestRole(membership.role, patch.role);
        }
        const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
        if (Object.keys(changes).length === 0) return before;
        await updateProjectMember(tx, scope.orgId, projectId, userId, changes);
        const after = (await getProjectMember(tx, scope.orgId, projectId, userId))!;
        await recordAudit(tx, scope, {
          action: "project.member_updated",
          entityType: "project",
          entityId: projectId,
          before: { userId, role: before.role, billingRole: before.billingRole },
          after: { userId, role: after.role, billingRole: after.billingRole },
        });
        return after;
      }),

    removeMember: (scope: OrgScope, projectId: string, userId: string) =>
      inTenant(db, scope, async (tx) => {
        assertCan(await getProjectAccess(tx, scope, projectId), "projects.members.manage");
        const before = await getProjectMember(tx, scope.orgId, projectId, userId);
        if (!before) throw new AppError("NOT_FOUND", { message: "Not a member of this project" });
        // Their hours keep the billing role that priced them.
        await recordLeaversBillingRole(tx, { orgId: scope.orgId, userId, projectId });
        await removeProjectMember(tx, scope.orgId, projectId, userId);
        await recordAudit(tx, scope, {
          action: "project.member_removed",
          entityType: "project",
          entityId: projectId,
          before: { userId, role: before.role },
        });
      }),

    /**
     * Departure hook: someone who leaves the org leaves its projects (their items stay assigned,
     * their hours keep the billing role that priced them).
     */
    removeUserFromAll: async (tx: Executor, orgId: string, userId: string) => {
      await recordLeaversBillingRole(tx, { orgId, userId });
      await removeUserFromProjects(tx, orgId, userId);
    },
  };
}

/** A guest (client stakeholder) may follow or contribute to a project but never run one. */
function assertGuestRole(orgRole: string, projectRole: ProjectRole) {
  if (orgRole === "guest" && (projectRole === "admin" || projectRole === "project_manager")) {
    throw new AppError("VALIDATION_ERROR", {
      message: "Guests can be viewers or team members of a project",
      details: [{ path: "role", message: "not available to guests" }],
    });
  }
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
