// Budget end to end: rate cards and weekly timesheets through the API, priced and summarised
// to the same hand-computed figures as core/budget's unit tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, type TestUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { callApi, createProjectWorld, type ProjectWorld } from "./testing/fixtures";

let testApp: TestApp;
let world: ProjectWorld;
let projectPath: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

const api = (method: string, route: string, body?: unknown, user: TestUser = world.owner) =>
  callApi(testApp, user, method, route, body);
const ok = async (response: Response) => {
  const body = await response.json();
  if (response.status >= 400) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
};
const logWeek = (user: TestUser, week: string, entries: unknown[], actor: TestUser = world.owner) =>
  api("PUT", `${projectPath}/budget/timesheets/${user.userId}/${week}`, { entries }, actor);

beforeAll(async () => {
  testApp = await createTestApp();
  world = await createProjectWorld(testApp);
  ({ admin: alice, project_manager: bob, team_member: carol } = world.members);
  // A 12-week engagement, 6 Jan – 30 Mar 2025, budget 12,000.00.
  const { data: project } = await ok(
    await api("POST", "/projects", {
      name: "Priced",
      start_date: "2025-01-06",
      end_date: "2025-03-30",
      budget_total: 12000,
      currency: "GBP",
    }),
  );
  projectPath = `/projects/${project.id}`;
  for (const [user, billing_role] of [
    [alice, "Consultant"],
    [bob, "consultant"],
    [carol, null],
  ] as const) {
    await ok(
      await api("POST", `${projectPath}/members`, {
        user_id: user.userId,
        role: "team_member",
        billing_role,
      }),
    );
  }
  await ok(
    await api("POST", `${projectPath}/budget/rate-cards`, { role_name: "Consultant", hourly_rate: 100 }),
  );
  await ok(
    await api("POST", `${projectPath}/budget/rate-cards`, {
      role_name: "Consultant",
      hourly_rate: 120,
      effective_from: "2025-02-03",
    }),
  );
  await ok(
    await api("POST", `${projectPath}/budget/rate-cards`, {
      user_id: alice.userId,
      hourly_rate: 150,
      effective_from: "2025-01-20",
    }),
  );
  await ok(await logWeek(alice, "2025-01-06", [{ hours: 10 }])); // role rate → 1,000.00
  await ok(await logWeek(bob, "2025-01-13", [{ hours: 7.5 }])); // → 750.00
  await ok(await logWeek(carol, "2025-01-13", [{ hours: 5 }])); // no rate
  await ok(await logWeek(alice, "2025-01-20", [{ hours: 10 }])); // own rate → 1,500.00
  await ok(await logWeek(bob, "2025-01-27", [{ hours: 8 }])); // → 800.00
  await ok(await logWeek(bob, "2025-02-03", [{ hours: 7.25 }])); // new role rate → 870.00
  // Logged by bob himself (a team member logs their own time): 0.33 h → 39.60.
  await ok(await logWeek(bob, "2025-02-10", [{ hours: 0.33 }], bob));
});
afterAll(() => testApp.close());

describe("budget figures", () => {
  it("prices timesheets with rate cards and forecasts from the burn rate (as of 12 Feb 2025)", async () => {
    const { data } = await ok(await api("GET", `${projectPath}/budget?as_of=2025-02-12`));
    expect(data).toMatchObject({
      currency: "GBP",
      as_of: "2025-02-12",
      budget_total: 12000,
      burn_to_date: 4959.6,
      remaining: 7040.4,
      percent_spent: 41.3,
      // Full weeks only: the week of 10 Feb is under way.
      weekly_burn_rate: 980,
      remaining_weeks: 6,
      forecast_at_completion: 11780,
      variance_at_completion: 220,
      planned_to_date: 6000,
      variance_to_date: 1040.4,
    });
    expect(data.unrated_hours).toEqual([
      { user_id: carol.userId, name: carol.name, week_start: "2025-01-13", hours: 5 },
    ]);
    expect(data.burn_series).toHaveLength(12);
    expect(data.burn_series[0]).toEqual({
      week_start: "2025-01-06",
      planned: 1000,
      actual: 1000,
      forecast: null,
    });
    expect(data.burn_series[5]).toEqual({
      week_start: "2025-02-10",
      planned: 6000,
      actual: 4959.6,
      // Where the week under way should end: 4,959.60 + (980 − 39.60).
      forecast: 5900,
    });
    expect(data.burn_series[11]).toEqual({
      week_start: "2025-03-24",
      planned: 12000,
      actual: null,
      forecast: 11780,
    });
  });

  it("picks up a rate card change on the next report", async () => {
    const { data: cards } = await ok(await api("GET", `${projectPath}/budget/rate-cards`));
    const aliceCard = cards.find((card: { user: { id: string } | null }) => card.user?.id === alice.userId);
    await ok(await api("PATCH", `${projectPath}/budget/rate-cards/${aliceCard.id}`, { hourly_rate: 160 }));
    const { data } = await ok(await api("GET", `${projectPath}/budget?as_of=2025-02-12`));
    expect(data.burn_to_date).toBe(5059.6); // alice's 10 h in the week of 20 Jan now cost 1,600.00
    await ok(await api("PATCH", `${projectPath}/budget/rate-cards/${aliceCard.id}`, { hourly_rate: 150 }));
  });

  it("refuses a second card for the same person or role from the same date", async () => {
    const duplicate = await api("POST", `${projectPath}/budget/rate-cards`, {
      role_name: "CONSULTANT",
      hourly_rate: 99,
    });
    expect(duplicate.status).toBe(409);
    const both = await api("POST", `${projectPath}/budget/rate-cards`, {
      role_name: "Analyst",
      user_id: bob.userId,
      hourly_rate: 1,
    });
    expect(both.status).toBe(400);
    const neither = await api("POST", `${projectPath}/budget/rate-cards`, { hourly_rate: 1 });
    expect(neither.status).toBe(400);
    const outsider = await api("POST", `${projectPath}/budget/rate-cards`, {
      user_id: world.stranger.userId,
      hourly_rate: 1,
    });
    expect(outsider.status).toBe(400);
  });
});

describe("weekly timesheets", () => {
  it("replaces a person's week, lines per item, and lists newest first", async () => {
    const { data: item } = await ok(
      await api("POST", `${projectPath}/items`, { type: "action", title: "Workshop" }),
    );
    const saved = await ok(
      await logWeek(carol, "2025-03-03", [{ item_id: item.id, hours: 6, note: "Prep" }, { hours: 2 }]),
    );
    expect(
      saved.data.map((line: { hours: number; item: { code: string } | null }) => [
        line.hours,
        line.item?.code ?? null,
      ]),
    ).toEqual([
      [6, item.code],
      [2, null],
    ]);
    const replaced = await ok(await logWeek(carol, "2025-03-03", [{ hours: 3 }]));
    expect(replaced.data.map((line: { hours: number }) => line.hours)).toEqual([3]);
    const cleared = await ok(await logWeek(carol, "2025-03-03", []));
    expect(cleared.data).toEqual([]);
    const listed = await ok(
      await api("GET", `${projectPath}/budget/timesheets?user_id=${bob.userId}&from=2025-01-27`),
    );
    expect(listed.data.map((line: { week_start: string }) => line.week_start)).toEqual([
      "2025-02-10",
      "2025-02-03",
      "2025-01-27",
    ]);
    expect(listed.meta.total).toBe(3);
  });

  it.each([
    ["a week that does not start on a Monday", "2025-03-04", [{ hours: 1 }]],
    ["two lines for the same item", "2025-03-10", [{ hours: 1 }, { hours: 2 }]],
    ["more hours than a week has", "2025-03-10", [{ hours: 100 }, { hours: 69, item_id: null, note: "x" }]],
    [
      "an item that is not in this project",
      "2025-03-10",
      [{ hours: 1, item_id: "00000000-0000-4000-8000-000000000000" }],
    ],
  ])("refuses %s, changing nothing", async (_case, week, entries) => {
    const before = await ok(await api("GET", `${projectPath}/budget/timesheets?per_page=100`));
    const response = await logWeek(carol, week, entries);
    expect(response.status).toBe(400);
    const after = await ok(await api("GET", `${projectPath}/budget/timesheets?per_page=100`));
    expect(after).toEqual(before);
  });

  it("refuses time for someone who is not on the project", async () => {
    const response = await logWeek(world.stranger, "2025-03-10", [{ hours: 1 }]);
    expect(response.status).toBe(400);
  });
});

describe("past burn", () => {
  it("stays put when people change billing role, leave the project or leave the org", async () => {
    const { data: project } = await ok(
      await api("POST", "/projects", {
        name: "Stable burn",
        start_date: "2025-01-06",
        end_date: "2025-03-30",
      }),
    );
    const path = `/projects/${project.id}`;
    for (const [role, rate] of [
      ["Consultant", 100],
      ["Senior", 200],
    ] as const) {
      await ok(await api("POST", `${path}/budget/rate-cards`, { role_name: role, hourly_rate: rate }));
    }
    const dave = await createMember(testApp, world.orgId, "member", "dave");
    const erin = await createMember(testApp, world.orgId, "member", "erin");
    const join = (user: TestUser, billing_role: string | null) =>
      api("POST", `${path}/members`, { user_id: user.userId, role: "team_member", billing_role });
    const log = (user: TestUser, week: string, hours: number) =>
      api("PUT", `${path}/budget/timesheets/${user.userId}/${week}`, { entries: [{ hours }] });
    const figures = async () => {
      const { data } = await ok(await api("GET", `${path}/budget?as_of=2025-03-02`));
      return { burn: data.burn_to_date, unrated: data.unrated_hours.length };
    };

    await ok(await join(dave, "Consultant"));
    await ok(await log(dave, "2025-01-06", 10)); // 1,000.00 as a consultant
    await ok(await api("PATCH", `${path}/members/${dave.userId}`, { billing_role: "Senior" }));
    await ok(await log(dave, "2025-01-13", 10)); // 2,000.00 as a senior
    expect(await figures()).toEqual({ burn: 3000, unrated: 0 });
    expect((await api("DELETE", `${path}/members/${dave.userId}`)).status).toBe(204);
    expect(await figures()).toEqual({ burn: 3000, unrated: 0 });

    // Erin logs before she has a billing role: her current one prices the hours, and stays
    // theirs when she leaves the org.
    await ok(await join(erin, null));
    await ok(await log(erin, "2025-01-06", 5));
    expect(await figures()).toEqual({ burn: 3000, unrated: 1 });
    await ok(await api("PATCH", `${path}/members/${erin.userId}`, { billing_role: "Consultant" }));
    expect(await figures()).toEqual({ burn: 3500, unrated: 0 });
    expect((await api("DELETE", `/members/${erin.userId}`)).status).toBe(204);
    expect(await figures()).toEqual({ burn: 3500, unrated: 0 });
  });
});
