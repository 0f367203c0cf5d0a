// The table-driven authorization suite: for every endpoint, anonymous 401, another org's
// resource 404, a role without the permission 403, bad input 400 — each changing nothing —
// and success for every allowed role, audited with actor, org, correlation id, address,
// user agent and (when the case states it) the before/after of the change.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { selectRows } from "../db";
import type { ErrorCode } from "../http";
import type { TestUser } from "./factories";
import type { TestApp } from "./test-app";

/** Sent with every call, so the audit row's user agent can be checked. */
const SUITE_USER_AGENT = "cairn-authorization-suite";

export interface EndpointFixture {
  path: string;
  body?: unknown;
  /** Who calls instead of the world's actor, for calls that use their caller up (leaving an org). */
  caller?: TestUser;
  /** The before/after the audit row must hold (asymmetric matchers allowed). */
  change?: { before: unknown; after: unknown };
}

export interface EndpointCase<Role extends string> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The route as documented, for the test's name. */
  route: string;
  allowed: Role[];
  success: number;
  /** The audit action a success writes. */
  audit?: string;
  /** The org of the audit row, from the success response's body; the world's org by default. */
  auditOrgId?: (body: { data?: unknown }) => string | null;
  /**
   * Builds a fresh target for each attempt (mutations consume their targets); `actor` will call,
   * in `role` when it is one of the world's actors (null for anonymous and the outsider).
   */
  fixture: (actor: TestUser | null, role: Role | null) => Promise<EndpointFixture>;
  /** The same request aimed at a resource of the world's org, made from another org. */
  outsiderNotFound?: boolean;
  /** Sent by an allowed role: must be refused with 400. */
  badBody?: unknown;
  /** Roles the permission lets through but a rule of the endpoint refuses, changing nothing. */
  refusals?: Partial<Record<Role, { status: number; error: ErrorCode }>>;
  /** Undoes what a success did to the world's shared actors (the org they act in, ownership). */
  restore?: (caller: TestUser, response: { data?: unknown }) => Promise<void>;
}

export interface AuthorizationWorld<Role extends string> {
  testApp: TestApp;
  orgId: string;
  actors: Record<Role, TestUser>;
  /** The owner of another org. */
  outsider: TestUser;
  /** Everything the endpoints could change; compared before and after each refused call. */
  snapshot(): Promise<unknown>;
}

export function sendApi(
  testApp: TestApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  return testApp.app.request(`/api/v1${path}`, {
    method,
    headers: { "user-agent": SUITE_USER_AGENT, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface AuditRow {
  actor_user_id: string;
  org_id: string | null;
  correlation_id: string | null;
  ip: string | null;
  user_agent: string | null;
  before: unknown;
  after: unknown;
}

/** Registers the suite; `world` is read when the tests run, after the caller's beforeAll. */
export function describeEndpointAuthorization<Role extends string>(
  cases: EndpointCase<Role>[],
  roles: readonly Role[],
  world: () => AuthorizationWorld<Role>,
): void {
  describe.each(cases)("$method $route", (endpoint) => {
    const refused: Partial<Record<Role, { status: number; error: ErrorCode }>> = endpoint.refusals ?? {};
    const denied = roles.filter((role) => !endpoint.allowed.includes(role) && !refused[role]);
    const send = (headers: Record<string, string>, fixture: EndpointFixture, body = fixture.body) =>
      sendApi(world().testApp, endpoint.method, fixture.path, headers, body);

    /** Calls as `actor` and expects the refusal, with nothing changed. */
    async function expectRefused(actor: TestUser, role: Role | null, status: number, error?: ErrorCode) {
      const fixture = await endpoint.fixture(actor, role);
      const before = await world().snapshot();
      const response = await send((fixture.caller ?? actor).headers, fixture);
      expect(response.status, await response.clone().text()).toBe(status);
      if (error) expect((await response.json()).error).toBe(error);
      expect(await world().snapshot()).toEqual(before);
    }

    it("refuses anonymous callers with 401", async () => {
      const fixture = await endpoint.fixture(null, null);
      const before = await world().snapshot();
      const response = await send({ "content-type": "application/json" }, fixture);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("UNAUTHENTICATED");
      expect(await world().snapshot()).toEqual(before);
    });

    if (endpoint.outsiderNotFound) {
      it("answers another org's owner with 404, changing nothing", () =>
        expectRefused(world().outsider, null, 404));
    }

    for (const role of denied) {
      it(`refuses a ${role} with 403, changing nothing`, () =>
        expectRefused(world().actors[role], role, 403, "FORBIDDEN"));
    }

    for (const [role, refusal] of Object.entries(refused) as [Role, { status: number; error: ErrorCode }][]) {
      it(`refuses a ${role} with ${refusal.status} ${refusal.error}, changing nothing`, () =>
        expectRefused(world().actors[role], role, refusal.status, refusal.error));
    }

    const [firstAllowed] = endpoint.allowed;
    if (endpoint.badBody !== undefined && firstAllowed) {
      it("rejects bad input with 400, changing nothing", async () => {
        const actor = world().actors[firstAllowed];
        const fixture = await endpoint.fixture(actor, firstAllowed);
        const before = await world().snapshot();
        const response = await send((fixture.caller ?? actor).headers, fixture, endpoint.badBody);
        expect(response.status).toBe(400);
        expect((await response.json()).error).toBe("VALIDATION_ERROR");
        expect(await world().snapshot()).toEqual(before);
      });
    }

    for (const role of endpoint.allowed) {
      it(`lets a ${role} through${endpoint.audit ? " and audits it" : ""}`, async () => {
        const { testApp, actors, orgId } = world();
        const fixture = await endpoint.fixture(actors[role], role);
        const caller = fixture.caller ?? actors[role];
        const response = await send(caller.headers, fixture);
        expect(response.status, await response.clone().text()).toBe(endpoint.success);
        // Only cases that read the answer parse it: some endpoints stream.
        const body: { data?: unknown } = endpoint.auditOrgId || endpoint.restore ? await response.json() : {};
        try {
          if (!endpoint.audit) return;
          const [row] = await selectRows<AuditRow>(
            testApp.database.handle.db,
            sql`select actor_user_id, org_id, correlation_id, ip, user_agent, before, after
                from audit_events
                where action = ${endpoint.audit} order by created_at desc, id desc limit 1`,
          );
          const { before, after, ...origin } = row!;
          expect(origin).toEqual({
            actor_user_id: caller.userId,
            org_id: endpoint.auditOrgId ? endpoint.auditOrgId(body) : orgId,
            correlation_id: response.headers.get("x-correlation-id"),
            ip: caller.headers["x-forwarded-for"]?.split(",").at(-1)?.trim() ?? null,
            user_agent: SUITE_USER_AGENT,
          });
          if (fixture.change) expect({ before, after }).toEqual(fixture.change);
        } finally {
          await endpoint.restore?.(caller, body);
        }
      });
    }
  });
}
