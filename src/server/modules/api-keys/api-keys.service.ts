import { randomBytes } from "node:crypto";
import { type OrgRole, outranksOrEquals } from "../../../core/permissions";
import { type Database, type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { hashToken } from "../../lib/tokens";
import { recordAudit } from "../audit";
import type { MembersService } from "../members";
import {
  createApiKey,
  getApiKey,
  getApiKeyByHash,
  listApiKeys,
  revokeApiKey,
  revokeApiKeysOfUser,
  touchApiKey,
} from "./api-keys.queries";

const KEY_PATTERN = /^cairn_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is a hint, not a log: write it at most once a minute per key. */
const TOUCH_INTERVAL_MS = 60_000;

function mintKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6)
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0")
    .slice(0, 8);
  return { key: `cairn_${prefix}_${randomBytes(32).toString("base64url")}`, prefix: `cairn_${prefix}` };
}

export function createApiKeysService(deps: { db: Database; members: MembersService; now?: () => Date }) {
  const { db, members } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    list: (scope: OrgScope, query: PaginationQuery) =>
      inTenant(db, scope, (tx) => listApiKeys(tx, { orgId: scope.orgId, page: toPageRequest(query) })),

    /** Returns the key itself exactly once; only its hash is kept. */
    async create(scope: OrgScope, input: { name: string; role: OrgRole; expiresInDays?: number | null }) {
      if (!outranksOrEquals(scope.role, input.role)) {
        throw new AppError("FORBIDDEN", { message: "A key cannot hold more than your own role" });
      }
      const { key, prefix } = mintKey();
      const expiresAt = input.expiresInDays
        ? new Date(now().getTime() + input.expiresInDays * 86_400_000)
        : null;
      const created = await inTenant(db, scope, async (tx) => {
        const row = await createApiKey(tx, {
          orgId: scope.orgId,
          userId: scope.userId!,
          name: input.name.trim(),
          prefix,
          keyHash: hashToken(key),
          role: input.role,
          expiresAt,
        });
        await recordAudit(tx, scope, {
          action: "api_key.created",
          entityType: "api_key",
          entityId: row.id,
          after: { name: row.name, role: row.role, prefix, expiresAt },
        });
        return row;
      });
      return { ...created, key };
    },

    revoke: (scope: OrgScope, id: string) =>
      inTenant(db, scope, async (tx) => {
        const existing = await getApiKey(tx, scope.orgId, id);
        if (!existing) throw new AppError("NOT_FOUND", { message: "No such API key" });
        if (existing.revokedAt) return existing;
        const revoked = await revokeApiKey(tx, scope.orgId, id, now());
        await recordAudit(tx, scope, {
          action: "api_key.revoked",
          entityType: "api_key",
          entityId: id,
          before: { name: existing.name, prefix: existing.prefix },
        });
        return revoked!;
      }),

    /** Departure hook: keys of someone who leaves the org stop working. */
    revokeAllOf: (tx: Executor, orgId: string, userId: string) =>
      revokeApiKeysOfUser(tx, orgId, userId, now()),

    /**
     * Resolves a bearer token to the person and org it acts for, or undefined. The effective
     * role is the lower of the key's role and the person's current role in the org.
     */
    async authenticate(token: string) {
      if (!KEY_PATTERN.test(token)) return undefined;
      const key = await getApiKeyByHash(db, hashToken(token));
      const at = now();
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= at)) return undefined;
      const membership = await members.findMembership(key.orgId, key.userId);
      if (!membership) return undefined;
      if (!key.lastUsedAt || at.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        await touchApiKey(db, key.id, at);
      }
      const role: OrgRole = outranksOrEquals(membership.role, key.role) ? key.role : membership.role;
      return {
        principal: {
          userId: key.userId,
          email: key.email,
          name: key.userName,
          sessionId: null,
          apiKeyId: key.id,
        },
        membership: { orgId: key.orgId, role },
      };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
