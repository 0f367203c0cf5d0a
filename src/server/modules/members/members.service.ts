import { type OrgRole, outranksOrEquals } from "../../../core/permissions";
import { type Database, type Executor, inTenant, inUserScope } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { recordAudit } from "../audit";
import {
  countMembers,
  createMembership,
  deleteMembership,
  findMemberByEmail,
  getMember,
  getMembership,
  listMembers,
  listMembershipsOfUser,
  type MemberRow,
  updateMembershipRole,
} from "./members.queries";

export type { MemberRow };

/** Work other modules must do when someone leaves an org (group seats, keys). */
export type MemberDepartureHook = (tx: Executor, orgId: string, userId: string) => Promise<void>;

export function createMembersService(deps: { db: Database; onDeparture: MemberDepartureHook[] }) {
  const { db } = deps;

  async function depart(tx: Executor, orgId: string, userId: string) {
    for (const hook of deps.onDeparture) await hook(tx, orgId, userId);
  }

  return {
    /** System lookup for authentication: the caller's role in an org, if any. */
    findMembership: (orgId: string, userId: string, tx: Executor = db) => getMembership(tx, orgId, userId),

    /** The orgs a person belongs to, for the org switcher. */
    listOrgsOfUser: (userId: string) => inUserScope(db, userId, (tx) => listMembershipsOfUser(tx, userId)),

    list: (scope: OrgScope, query: PaginationQuery & { search?: string; role?: OrgRole }) =>
      inTenant(db, scope, (tx) =>
        listMembers(tx, {
          orgId: scope.orgId,
          search: query.search,
          role: query.role,
          page: toPageRequest(query),
        }),
      ),

    /** Adds a member inside the caller's transaction (org creation, accepted invitations). */
    async add(
      tx: Executor,
      scope: OrgScope | (Omit<OrgScope, "role"> & { role?: OrgRole }),
      userId: string,
      role: OrgRole,
    ) {
      const existing = await getMembership(tx, scope.orgId, userId);
      if (existing) return existing;
      const created = await createMembership(tx, { orgId: scope.orgId, userId, role });
      await recordAudit(tx, scope, {
        action: "member.added",
        entityType: "membership",
        entityId: userId,
        after: { userId, role },
      });
      return created;
    },

    async updateRole(scope: OrgScope, userId: string, role: OrgRole): Promise<MemberRow> {
      if (userId === scope.userId) {
        throw new AppError("FORBIDDEN", { message: "You cannot change your own role" });
      }
      if (role === "owner") {
        throw new AppError("VALIDATION_ERROR", {
          message: "Ownership moves only by transfer",
          details: [{ path: "role", message: "Use transfer ownership to make someone the owner" }],
        });
      }
      return inTenant(db, scope, async (tx) => {
        const target = await getMember(tx, scope.orgId, userId);
        if (!target) throw new AppError("NOT_FOUND", { message: "No such member" });
        if (!outranksOrEquals(scope.role, target.role) || !outranksOrEquals(scope.role, role)) {
          throw new AppError("FORBIDDEN", { message: "You cannot change the role of someone above you" });
        }
        if (target.role === role) return target;
        await updateMembershipRole(tx, scope.orgId, userId, role);
        await recordAudit(tx, scope, {
          action: "member.role_changed",
          entityType: "membership",
          entityId: userId,
          before: { role: target.role },
          after: { role },
        });
        return { ...target, role };
      });
    },

    async remove(scope: OrgScope, userId: string): Promise<void> {
      if (userId === scope.userId) {
        throw new AppError("FORBIDDEN", { message: "To leave the organization, use leave" });
      }
      await inTenant(db, scope, async (tx) => {
        const target = await getMember(tx, scope.orgId, userId);
        if (!target) throw new AppError("NOT_FOUND", { message: "No such member" });
        if (target.role === "owner" || !outranksOrEquals(scope.role, target.role)) {
          throw new AppError("FORBIDDEN", { message: "You cannot remove someone above you" });
        }
        await deleteMembership(tx, scope.orgId, userId);
        await depart(tx, scope.orgId, userId);
        await recordAudit(tx, scope, {
          action: "member.removed",
          entityType: "membership",
          entityId: userId,
          before: { role: target.role, email: target.email },
        });
      });
    },

    async leave(scope: OrgScope): Promise<void> {
      if (scope.role === "owner") {
        throw new AppError("CONFLICT", { message: "Transfer ownership to another member before leaving" });
      }
      await inTenant(db, scope, async (tx) => {
        const removed = await deleteMembership(tx, scope.orgId, scope.userId!);
        if (!removed) throw new AppError("NOT_FOUND", { message: "You are not a member" });
        await depart(tx, scope.orgId, scope.userId!);
        await recordAudit(tx, scope, {
          action: "member.left",
          entityType: "membership",
          entityId: scope.userId,
          before: { role: removed.role },
        });
      });
    },

    /** Makes `userId` the owner and the current owner an admin, in one transaction. */
    async transferOwnership(scope: OrgScope, userId: string): Promise<void> {
      if (scope.role !== "owner")
        throw new AppError("FORBIDDEN", { message: "Only the owner can transfer ownership" });
      if (userId === scope.userId)
        throw new AppError("VALIDATION_ERROR", { message: "You already own this organization" });
      await inTenant(db, scope, async (tx) => {
        const target = await getMember(tx, scope.orgId, userId);
        if (!target) throw new AppError("NOT_FOUND", { message: "No such member" });
        await updateMembershipRole(tx, scope.orgId, userId, "owner");
        await updateMembershipRole(tx, scope.orgId, scope.userId!, "admin");
        await recordAudit(tx, scope, {
          action: "org.ownership_transferred",
          entityType: "organization",
          entityId: scope.orgId,
          before: { owner: scope.userId },
          after: { owner: userId, previousOwnerRole: "admin" },
        });
      });
    },

    count: (orgId: string, tx: Executor = db) => countMembers(tx, orgId),

    isMemberByEmail: async (tx: Executor, orgId: string, email: string) =>
      (await findMemberByEmail(tx, orgId, email)) !== undefined,
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
