import { canInOrg, canInProject, type ProjectAction, type ProjectRole } from "../../../core/permissions";
import type { Executor } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { getProject, getProjectMember, type ProjectRow } from "./projects.queries";

export interface ProjectAccess {
  project: ProjectRow;
  role: ProjectRole;
}

const notFound = () => new AppError("NOT_FOUND", { message: "No such project" });

/**
 * The caller's standing on a project. Org owners and admins ("projects.read_all") act as project
 * admins on every project of their org, so a project whose last admin left can still be run.
 * Everyone else needs a membership; without one the project does not exist for them (404).
 * Deleted projects are invisible unless `deleted` is asked for (the bin and restore).
 */
export async function getProjectAccess(
  tx: Executor,
  scope: OrgScope,
  projectId: string,
  options: { deleted?: boolean } = {},
): Promise<ProjectAccess> {
  const project = await getProject(tx, scope.orgId, projectId);
  if (!project || Boolean(project.deletedAt) !== Boolean(options.deleted)) throw notFound();
  if (canInOrg(scope.role, "projects.read_all")) return { project, role: "admin" };
  const membership = scope.userId
    ? await getProjectMember(tx, scope.orgId, projectId, scope.userId)
    : undefined;
  if (!membership) throw notFound();
  return { project, role: membership.role };
}

export function can(access: ProjectAccess, action: ProjectAction): boolean {
  return canInProject(access.role, action);
}

/** 403 naming the action, for a caller who can see the project but not do this. */
export function assertCan(access: ProjectAccess, action: ProjectAction): void {
  if (!can(access, action)) {
    throw new AppError("FORBIDDEN", { details: { action, project_role: access.role } });
  }
}

/** Resolves access and checks one action: the opening line of most project operations. */
export async function requireProjectAction(
  tx: Executor,
  scope: OrgScope,
  projectId: string,
  action: ProjectAction,
): Promise<ProjectAccess> {
  const access = await getProjectAccess(tx, scope, projectId);
  assertCan(access, action);
  return access;
}

/**
 * The team_member rule: changing an item needs "projects.items.update", or
 * "projects.items.update_assigned" and the item being assigned to the caller.
 */
export function canEditItem(
  access: ProjectAccess,
  item: { assigneeId: string | null },
  userId: string | null,
) {
  if (can(access, "projects.items.update")) return true;
  return can(access, "projects.items.update_assigned") && userId !== null && item.assigneeId === userId;
}

export function assertCanEditItem(
  access: ProjectAccess,
  item: { assigneeId: string | null },
  userId: string | null,
) {
  if (!canEditItem(access, item, userId)) {
    throw new AppError("FORBIDDEN", {
      message: can(access, "projects.items.update_assigned")
        ? "You can only change items assigned to you"
        : "You do not have permission to change items",
      details: { action: "projects.items.update", project_role: access.role },
    });
  }
}
