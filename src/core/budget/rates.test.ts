import { describe, expect, it } from "vitest";
import { type RateCard, resolveRate } from "./rates";

const card = (id: string, fields: Partial<RateCard>): RateCard => ({
  id,
  userId: null,
  roleName: null,
  hourlyRate: 10000,
  effectiveFrom: null,
  ...fields,
});

const cards = [
  card("consultant", { roleName: "Consultant", hourlyRate: 10000 }),
  card("consultant-2025", { roleName: "consultant ", hourlyRate: 12000, effectiveFrom: "2025-02-03" }),
  card("alice", { userId: "alice", hourlyRate: 15000, effectiveFrom: "2025-01-20" }),
  card("alice-raise", { userId: "alice", hourlyRate: 16000, effectiveFrom: "2025-06-02" }),
  card("partner", { roleName: "Partner", hourlyRate: 30000 }),
];

const alice = { userId: "alice", roleName: "Consultant" };
const bob = { userId: "bob", roleName: "Consultant" };

describe("resolveRate", () => {
  it.each([
    ["a role rate before the person's own rate starts", alice, "2025-01-13", "consultant"],
    ["the person's rate from its first week", alice, "2025-01-20", "alice"],
    ["the person's rate beats a newer role rate", alice, "2025-02-10", "alice"],
    ["the person's latest rate", alice, "2025-06-02", "alice-raise"],
    ["the role rate before a role change takes effect", bob, "2025-01-27", "consultant"],
    ["the newest role rate, matched ignoring case and spaces", bob, "2025-02-03", "consultant-2025"],
    ["another role", { userId: "pat", roleName: "PARTNER" }, "2025-01-01", "partner"],
  ] as const)("%s", (_case, person, week, expected) => {
    expect(resolveRate(cards, person, week)?.id).toBe(expected);
  });

  it("finds nothing for a person with no card and no role, or an unknown role", () => {
    expect(resolveRate(cards, { userId: "carol", roleName: null }, "2025-03-03")).toBeUndefined();
    expect(resolveRate(cards, { userId: "carol", roleName: "Intern" }, "2025-03-03")).toBeUndefined();
  });

  it("ignores cards that only start later", () => {
    const future = [card("later", { userId: "dan", effectiveFrom: "2025-09-01" })];
    expect(resolveRate(future, { userId: "dan", roleName: null }, "2025-08-25")).toBeUndefined();
  });
});
