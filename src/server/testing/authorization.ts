// The table-driven authorization suite: for every endpoint, anonymous 401, another org's
// resource 404, a role without the permission 403, bad input 400 — each changing nothing —
// and success for every allowed role, audited with actor, org and correlation id.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { selectRows } from "../db";
import type { TestUser } from "./factories";
import type { TestApp } from "./test-app";

export interface EndpointFixture {
  path: string;
  body?: unknown;
}

export interface EndpointCase<Role extends string> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The route as documented, for the test's name. */
  route: string;
  allowed: Role[];
  success: number;
  /** The audit action a success writes. */
  audit?: string;
  /** Builds a fresh target for each attempt (mutations consume their targets); `actor` will call. */
  fixture: (actor: TestUser | null) => Promise<EndpointFixture>;
  /** The same request aimed at a resource of the world's org, made from another org. */
  outsiderNotFound?: boolean;
  /** Sent by an allowed role: must be refused with 400. */
  badBody?: unknown;
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
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Registers the suite; `world` is read when the tests run, after the caller's beforeAll. */
export function describeEndpointAuthorization<Role extends string>(
  cases: EndpointCase<Role>[],
  roles: readonly Role[],
  world: () => AuthorizationWorld<Role>,
): void {
  describe.each(cases)("$method $route", (endpoint) => {
    const denied = roles.filter((role) => !endpoint.allowed.includes(role));
    const send = (headers: Record<string, string>, fixture: EndpointFixture, body = fixture.body) =>
      sendApi(world().testApp, endpoint.method, fixture.path, headers, body);

    it("refuses anonymous callers with 401", async () => {
      const fixture = await endpoint.fixture(null);
      const before = await world().snapshot();
      const response = await send({ "content-type": "application/json" }, fixture);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("UNAUTHENTICATED");
      expect(await world().snapshot()).toEqual(before);
    });

    if (endpoint.outsiderNotFound) {
      it("answers another org's owner with 404, changing nothing", async () => {
        const { outsider } = world();
        const fixture = await endpoint.fixture(outsider);
        const before = await world().snapshot();
        const response = await send(outsider.headers, fixture);
        expect(response.status).toBe(404);
        expect(await world().snapshot()).toEqual(before);
      });
    }

    for (const role of denied) {
      it(`refuses a ${role} with 403, changing nothing`, async () => {
        const actor = world().actors[role];
        const fixture = await endpoint.fixture(actor);
        const before = await world().snapshot();
        const response = await send(actor.headers, fixture);
        expect(response.status).toBe(403);
        expect((await response.json()).error).toBe("FORBIDDEN");
        expect(await world().snapshot()).toEqual(before);
      });
    }

    const [firstAllowed] = endpoint.allowed;
    if (endpoint.badBody !== undefined && firstAllowed) {
      it("rejects bad input with 400, changing nothing", async () => {
        const actor = world().actors[firstAllowed];
        const fixture = await endpoint.fixture(actor);
        const before = await world().snapshot();
        const response = await send(actor.headers, fixture, endpoint.badBody);
        expect(response.status).toBe(400);
        expect((await response.json()).error).toBe("VALIDATION_ERROR");
        expect(await world().snapshot()).toEqual(before);
      });
    }

    for (const role of endpoint.allowed) {
      it(`lets a ${role} through${endpoint.audit ? " and audits it" : ""}`, async () => {
        const { testApp, actors, orgId } = world();
        const fixture = await endpoint.fixture(actors[role]);
        const response = await send(actors[role].headers, fixture);
        expect(response.status, await response.clone().text()).toBe(endpoint.success);
        if (!endpoint.audit) return;
        const [row] = await selectRows<{
          actor_user_id: string;
          org_id: string;
          correlation_id: string | null;
        }>(
          testApp.database.handle.db,
          sql`select actor_user_id, org_id, correlation_id from audit_events
              where action = ${endpoint.audit} order by created_at desc, id desc limit 1`,
        );
        expect(row).toEqual({
          actor_user_id: actors[role].userId,
          org_id: orgId,
          correlation_id: response.headers.get("x-correlation-id"),
        });
      });
    }
  });
}
