import { describe, expect, it } from "vitest";
import { formatIsoDate, formatShortDate } from "./project-ui";
import { canEditItem, type Project } from "./projects-api";

const project = (permissions: Project["permissions"]) => ({ permissions }) as Project;
const mine = { assignee: { id: "me", name: "Me", email: "me@example.com" } };
const theirs = { assignee: { id: "them", name: "Them", email: "them@example.com" } };

describe("who may change an item in the UI", () => {
  it("lets managers change any item", () => {
    const manager = project(["projects.items.update", "projects.items.update_assigned"]);
    expect(canEditItem(manager, theirs, "me")).toBe(true);
    expect(canEditItem(manager, { assignee: null }, "me")).toBe(true);
  });

  it("lets team members change only their own items, and viewers none", () => {
    const teamMember = project(["projects.items.update_assigned"]);
    expect(canEditItem(teamMember, mine, "me")).toBe(true);
    expect(canEditItem(teamMember, theirs, "me")).toBe(false);
    expect(canEditItem(teamMember, { assignee: null }, "me")).toBe(false);
    expect(canEditItem(project(["projects.items.read"]), mine, "me")).toBe(false);
    expect(canEditItem(undefined, mine, "me")).toBe(false);
  });
});

describe("calendar dates", () => {
  it("reads ISO dates as calendar days, whatever the time zone", () => {
    expect(formatIsoDate("2026-03-01")).toMatch(/1/);
    expect(formatIsoDate(null)).toBe("—");
    expect(formatShortDate(`${new Date().getFullYear()}-03-01`)).not.toContain("'");
    expect(formatShortDate("1999-03-01")).toMatch(/'99$/);
  });
});
