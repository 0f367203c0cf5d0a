import { type Database, type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import type { MembersService } from "../members";
import {
  addGroupMember,
  countGroupsWithIds,
  createGroup,
  getGroup,
  listGroupIdsOfUser,
  listGroupMembers,
  listGroupNames,
  listGroups,
  removeGroupMember,
  removeUserFromGroups,
  updateGroup,
} from "./groups.queries";

export function createGroupsService(deps: { db: Database; members: MembersService }) {
  const { db, members } = deps;

  async function requireLiveGroup(tx: Executor, scope: OrgScope, id: string) {
    const group = await getGroup(tx, scope.orgId, id);
    if (!group || group.deletedAt) throw new AppError("NOT_FOUND", { message: "No such group" });
    return group;
  }

  return {
    list: (scope: OrgScope, query: PaginationQuery & { deleted?: boolean }) =>
      inTenant(db, scope, (tx) =>
        listGroups(tx, { orgId: scope.orgId, deleted: query.deleted ?? false, page: toPageRequest(query) }),
      ),

    get: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const group = await requireLiveGroup(tx, scope, id);
        return { ...group, members: await listGroupMembers(tx, scope.orgId, id) };
      }),

    create: (scope: OrgScope, input: { name: string; description?: string }) =>
      inTenant(db, scope, async (tx) => {
        const group = await createGroup(tx, {
          orgId: scope.orgId,
          name: input.name.trim(),
          description: input.description?.trim() ?? "",
        });
        await recordAudit(tx, scope, {
          action: "group.created",
          entityType: "group",
          entityId: group.id,
          after: group,
        });
        return group;
      }),

    update: (scope: OrgScope, id: string, patch: { name?: string; description?: string }) =>
      inTenant(db, scope, async (tx) => {
        const before = await requireLiveGroup(tx, scope, id);
        const after = await updateGroup(tx, scope.orgId, id, {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
        });
        await recordAudit(tx, scope, {
          action: "group.updated",
          entityType: "group",
          entityId: id,
          before: { name: before.name, description: before.description },
          after: { name: after!.name, description: after!.description },
        });
        return after!;
      }),

    /** Soft delete: shares to the group stop applying; restore brings it back. */
    remove: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        await requireLiveGroup(tx, scope, id);
        await updateGroup(tx, scope.orgId, id, { deletedAt: new Date() });
        await recordAudit(tx, scope, { action: "group.deleted", entityType: "group", entityId: id });
      }),

    restore: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const group = await getGroup(tx, scope.orgId, id);
        if (!group) throw new AppError("NOT_FOUND", { message: "No such group" });
        if (!group.deletedAt) return group;
        const restored = await updateGroup(tx, scope.orgId, id, { deletedAt: null });
        await recordAudit(tx, scope, { action: "group.restored", entityType: "group", entityId: id });
        return restored!;
      }),

    addMember: (scope: OrgScope, groupId: string, userId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireLiveGroup(tx, scope, groupId);
        if (!(await members.findMembership(scope.orgId, userId, tx))) {
          throw new AppError("VALIDATION_ERROR", {
            message: "Only members of the organization can join its groups",
            details: [{ path: "user_id", message: "Not a member of this organization" }],
          });
        }
        const added = await addGroupMember(tx, { orgId: scope.orgId, groupId, userId });
        if (added) {
          await recordAudit(tx, scope, {
            action: "group.member_added",
            entityType: "group",
            entityId: groupId,
            after: { userId },
          });
        }
      }),

    removeMember: (scope: OrgScope, groupId: string, userId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireLiveGroup(tx, scope, groupId);
        if (!(await removeGroupMember(tx, scope.orgId, groupId, userId))) {
          throw new AppError("NOT_FOUND", { message: "Not a member of this group" });
        }
        await recordAudit(tx, scope, {
          action: "group.member_removed",
          entityType: "group",
          entityId: groupId,
          before: { userId },
        });
      }),

    /** Departure hook: someone who leaves the org leaves its groups. */
    removeUserFromAll: (tx: Executor, orgId: string, userId: string) =>
      removeUserFromGroups(tx, orgId, userId),

    groupIdsOf: (tx: Executor, orgId: string, userId: string) => listGroupIdsOfUser(tx, orgId, userId),

    /** Members of a group, for telling them about something shared with the group. */
    memberIdsOf: async (tx: Executor, orgId: string, groupId: string) =>
      (await listGroupMembers(tx, orgId, groupId)).map((member) => member.userId),

    namesOf: (tx: Executor, orgId: string, ids: string[]) => listGroupNames(tx, orgId, [...new Set(ids)]),

    /** True when every id names a live group of the org (for validating shares). */
    allExist: async (tx: Executor, orgId: string, ids: string[]) =>
      (await countGroupsWithIds(tx, orgId, [...new Set(ids)])) === new Set(ids).size,
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
