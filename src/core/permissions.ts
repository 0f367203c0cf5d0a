/**
 * Who may do what, as data. One table for org roles and one for project roles; every
 * authorisation decision in Cairn reads them through `canInOrg` / `canInProject`.
 */

export const ORG_ROLES = ["owner", "admin", "member", "guest"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const PROJECT_ROLES = ["admin", "project_manager", "team_member", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

const EVERYONE = ORG_ROLES;
const STAFF = ["owner", "admin", "member"] as const satisfies readonly OrgRole[];
const MANAGERS = ["owner", "admin"] as const satisfies readonly OrgRole[];
const OWNER = ["owner"] as const satisfies readonly OrgRole[];

/** Org-level actions. A guest (client stakeholder) sees only what is shared with them. */
export const ORG_PERMISSIONS = {
  "org.read": EVERYONE,
  "org.update": MANAGERS,
  "org.delete": OWNER,
  "org.transfer_ownership": OWNER,
  "members.read": STAFF,
  "members.invite": MANAGERS,
  "members.update_role": MANAGERS,
  "members.remove": MANAGERS,
  "groups.read": STAFF,
  "groups.write": MANAGERS,
  "api_keys.manage": MANAGERS,
  "audit.read": MANAGERS,
  "ai.use": STAFF,
  "ai.settings.read": MANAGERS,
  "ai.settings.write": MANAGERS,
  "ai.usage.read": MANAGERS,
  /** Read the stored transcripts of the org's AI conversations. */
  "ai.transcripts.read": MANAGERS,
  /** Goals as far as one can see them: a guest sees (and comments on) only what is shared with them. */
  "goals.use": EVERYONE,
  /** Own objectives: create them, and be handed them. */
  "goals.objectives.create": STAFF,
  /** See the objectives made visible to the whole organization. */
  "goals.read_org_visible": STAFF,
  /** Delete and restore anyone's comment on goals one can see. */
  "goals.comments.moderate": MANAGERS,
  /** Create, reshape, close and delete the org's planning cycles. */
  "goals.cycles.manage": MANAGERS,
  "projects.create": STAFF,
  "projects.read_all": MANAGERS,
  "knowledge.read": STAFF,
  "knowledge.write": STAFF,
  "knowledge.admin": MANAGERS,
  "conversations.use": STAFF,
  "personas.write": STAFF,
  "search.use": EVERYONE,
  "notifications.use": EVERYONE,
} as const satisfies Record<string, readonly OrgRole[]>;

export type OrgAction = keyof typeof ORG_PERMISSIONS;

/** Project-level actions, granted by the member's role on that project. */
export const PROJECT_PERMISSIONS = {
  "projects.read": PROJECT_ROLES,
  "projects.update": ["admin", "project_manager"],
  "projects.delete": ["admin"],
  "projects.members.manage": ["admin"],
  "projects.items.read": PROJECT_ROLES,
  "projects.items.create": ["admin", "project_manager"],
  /** Edit any item in the project. */
  "projects.items.update": ["admin", "project_manager"],
  /** Edit items assigned to oneself: the team_member rule. */
  "projects.items.update_assigned": ["admin", "project_manager", "team_member"],
  "projects.items.delete": ["admin", "project_manager"],
  "projects.items.comment": ["admin", "project_manager", "team_member"],
  "projects.items.import": ["admin", "project_manager"],
  "projects.export": PROJECT_ROLES,
  "projects.budget.read": ["admin", "project_manager"],
  "projects.budget.write": ["admin", "project_manager"],
  "projects.timesheets.write": ["admin", "project_manager", "team_member"],
  "projects.chat": PROJECT_ROLES,
} as const satisfies Record<string, readonly ProjectRole[]>;

export type ProjectAction = keyof typeof PROJECT_PERMISSIONS;

export const ORG_ACTIONS = Object.keys(ORG_PERMISSIONS) as OrgAction[];
export const PROJECT_ACTIONS = Object.keys(PROJECT_PERMISSIONS) as ProjectAction[];

export function canInOrg(role: OrgRole, action: OrgAction): boolean {
  return (ORG_PERMISSIONS[action] as readonly OrgRole[]).includes(role);
}

export function canInProject(role: ProjectRole, action: ProjectAction): boolean {
  return (PROJECT_PERMISSIONS[action] as readonly ProjectRole[]).includes(role);
}

/** Roles ordered by power, for rules like "an admin may not promote anyone above admin". */
const ORG_ROLE_RANK: Record<OrgRole, number> = { owner: 3, admin: 2, member: 1, guest: 0 };

export function outranksOrEquals(actor: OrgRole, target: OrgRole): boolean {
  return ORG_ROLE_RANK[actor] >= ORG_ROLE_RANK[target];
}

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}

export function isProjectRole(value: string): value is ProjectRole {
  return (PROJECT_ROLES as readonly string[]).includes(value);
}
