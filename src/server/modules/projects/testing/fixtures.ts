import type { OrgRole, ProjectRole } from "../../../../core/permissions";
import type { OrgScope } from "../../../http";
import { createMember, createOrgWithOwner, type TestUser } from "../../../testing/factories";
import type { TestApp } from "../../../testing/test-app";

/** The scope a service call runs in for `user` acting in `orgId`. */
export const scopeOf = (orgId: string, user: TestUser, role: OrgRole): OrgScope => ({
  orgId,
  role,
  userId: user.userId,
  correlationId: null,
  ip: null,
  userAgent: null,
});

/** A JSON (or multipart, when `body` is FormData) request to /api/v1 as `user`, or anonymously. */
export function callApi(
  testApp: TestApp,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = user
    ? { ...user.headers }
    : { "content-type": "application/json", origin: testApp.config.publicUrl };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    // fetch sets the multipart boundary itself.
    delete headers["content-type"];
    payload = body;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
  }
  return testApp.app.request(`/api/v1${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
}

/** A successful response's JSON body; anything else fails the test with the status and body. */
export async function okJson(response: Response) {
  const body = await response.json();
  if (response.status >= 400) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

export const fileForm = (
  name: string,
  content: string | Uint8Array,
  type: string,
  extra: Record<string, string> = {},
) => {
  const form = new FormData();
  // Bytes from exceljs or Buffer are typed over ArrayBufferLike; File wants plain ArrayBuffer views.
  form.set("file", new File([content as string | Uint8Array<ArrayBuffer>], name, { type }));
  for (const [key, value] of Object.entries(extra)) form.set(key, value);
  return form;
};

export interface ProjectWorld {
  orgId: string;
  owner: TestUser;
  /** Org admin with no project membership: sees and runs every project of the org. */
  orgAdmin: TestUser;
  /** Org members holding each project role on `projectId`. */
  members: Record<ProjectRole, TestUser>;
  /** An org member who is not on the project. */
  stranger: TestUser;
  /** The owner of another org. */
  outsider: TestUser;
  outsiderOrgId: string;
  projectId: string;
  ownerScope: OrgScope;
}

/** Adds each project role's holder to a project, through the service as the org owner. */
export async function addRoleHolders(
  testApp: TestApp,
  ownerScope: OrgScope,
  projectId: string,
  members: Record<ProjectRole, TestUser>,
) {
  for (const [role, user] of Object.entries(members) as [ProjectRole, TestUser][]) {
    await testApp.services.projects.projects.addMember(ownerScope, projectId, { userId: user.userId, role });
  }
}

/** Org A with one project and a person in every relevant position; org B next door. */
export async function createProjectWorld(testApp: TestApp): Promise<ProjectWorld> {
  const { orgId, owner } = await createOrgWithOwner(testApp, "Org A");
  const ownerScope = scopeOf(orgId, owner, "owner");
  const members: Record<ProjectRole, TestUser> = {
    admin: await createMember(testApp, orgId, "member", "project-admin"),
    project_manager: await createMember(testApp, orgId, "member", "pm"),
    team_member: await createMember(testApp, orgId, "member", "team-member"),
    viewer: await createMember(testApp, orgId, "member", "viewer"),
  };
  const project = await testApp.services.projects.projects.create(ownerScope, {
    name: "Apollo rollout",
    clientName: "Acme",
    startDate: "2025-01-06",
    endDate: "2025-06-29",
    budgetTotal: "120000.00",
    currency: "EUR",
  });
  await addRoleHolders(testApp, ownerScope, project.id, members);
  const outsiderOrg = await createOrgWithOwner(testApp, "Org B");
  return {
    orgId,
    owner,
    orgAdmin: await createMember(testApp, orgId, "admin", "org-admin"),
    members,
    stranger: await createMember(testApp, orgId, "member", "stranger"),
    outsider: outsiderOrg.owner,
    outsiderOrgId: outsiderOrg.orgId,
    projectId: project.id,
    ownerScope,
  };
}
