import { describe, expect, it } from "vitest";
import {
  canInOrg,
  canInProject,
  ORG_ACTIONS,
  ORG_ROLES,
  type OrgAction,
  outranksOrEquals,
  PROJECT_ACTIONS,
  PROJECT_ROLES,
  type ProjectAction,
} from "./permissions";

// The expected matrix, written out by hand so a change to the table must be made twice:
// o = owner, a = admin, m = member, g = guest.
const EXPECTED_ORG: Record<OrgAction, string> = {
  "org.read": "oamg",
  "org.update": "oa",
  "org.delete": "o",
  "org.transfer_ownership": "o",
  "members.read": "oam",
  "members.invite": "oa",
  "members.update_role": "oa",
  "members.remove": "oa",
  "groups.read": "oam",
  "groups.write": "oa",
  "api_keys.manage": "oa",
  "audit.read": "oa",
  "ai.use": "oam",
  "ai.settings.read": "oa",
  "ai.settings.write": "oa",
  "ai.usage.read": "oa",
  "ai.transcripts.read": "oa",
  "goals.use": "oamg",
  "goals.objectives.create": "oam",
  "goals.read_org_visible": "oam",
  "goals.comments.moderate": "oa",
  "goals.cycles.manage": "oa",
  "projects.create": "oam",
  "projects.read_all": "oa",
  "knowledge.read": "oam",
  "knowledge.write": "oam",
  "knowledge.admin": "oa",
  "conversations.use": "oam",
  "personas.write": "oam",
  "search.use": "oamg",
  "notifications.use": "oamg",
};

// A = admin, P = project_manager, T = team_member, V = viewer.
const EXPECTED_PROJECT: Record<ProjectAction, string> = {
  "projects.read": "APTV",
  "projects.update": "AP",
  "projects.delete": "A",
  "projects.members.manage": "A",
  "projects.items.read": "APTV",
  "projects.items.create": "AP",
  "projects.items.update": "AP",
  "projects.items.update_assigned": "APT",
  "projects.items.delete": "AP",
  "projects.items.comment": "APT",
  "projects.items.import": "AP",
  "projects.export": "APTV",
  "projects.budget.read": "AP",
  "projects.budget.write": "AP",
  "projects.timesheets.write": "APT",
  "projects.chat": "APTV",
};

const ORG_LETTER = { owner: "o", admin: "a", member: "m", guest: "g" } as const;
const PROJECT_LETTER = { admin: "A", project_manager: "P", team_member: "T", viewer: "V" } as const;

describe("org permission matrix", () => {
  it("covers exactly the actions the table defines", () => {
    expect([...ORG_ACTIONS].sort()).toEqual(Object.keys(EXPECTED_ORG).sort());
  });

  for (const action of ORG_ACTIONS) {
    for (const role of ORG_ROLES) {
      const expected = EXPECTED_ORG[action].includes(ORG_LETTER[role]);
      it(`${role} ${expected ? "may" : "may not"} ${action}`, () => {
        expect(canInOrg(role, action)).toBe(expected);
      });
    }
  }

  it("never gives a guest more than an org member", () => {
    for (const action of ORG_ACTIONS) {
      if (canInOrg("guest", action)) expect(canInOrg("member", action)).toBe(true);
    }
  });
});

describe("project permission matrix", () => {
  it("covers exactly the actions the table defines", () => {
    expect([...PROJECT_ACTIONS].sort()).toEqual(Object.keys(EXPECTED_PROJECT).sort());
  });

  for (const action of PROJECT_ACTIONS) {
    for (const role of PROJECT_ROLES) {
      const expected = EXPECTED_PROJECT[action].includes(PROJECT_LETTER[role]);
      it(`${role} ${expected ? "may" : "may not"} ${action}`, () => {
        expect(canInProject(role, action)).toBe(expected);
      });
    }
  }

  it("lets a team member edit only their assigned items, not any item", () => {
    expect(canInProject("team_member", "projects.items.update_assigned")).toBe(true);
    expect(canInProject("team_member", "projects.items.update")).toBe(false);
    expect(canInProject("viewer", "projects.items.update_assigned")).toBe(false);
  });
});

describe("role ranking", () => {
  it("orders owner > admin > member > guest", () => {
    expect(outranksOrEquals("owner", "admin")).toBe(true);
    expect(outranksOrEquals("admin", "admin")).toBe(true);
    expect(outranksOrEquals("admin", "owner")).toBe(false);
    expect(outranksOrEquals("member", "admin")).toBe(false);
    expect(outranksOrEquals("member", "guest")).toBe(true);
    expect(outranksOrEquals("guest", "member")).toBe(false);
  });
});
