// A small org for Goals tests: an objective owner, people it is shared with (directly, or
// through a group), a member it is not shared with, a guest, and the owner of another org.
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { selectRows } from "../../../db";
import type { OrgScope } from "../../../http";
import { sendApi } from "../../../testing/authorization";
import { createMember, createOrgWithOwner, type TestUser } from "../../../testing/factories";
import type { TestApp } from "../../../testing/test-app";

export interface GoalsWorld {
  testApp: TestApp;
  orgId: string;
  /** Owns the objectives the world creates. */
  owner: TestUser;
  /** Shared with directly, edit. */
  editor: TestUser;
  /** Shared with directly, view. */
  viewer: TestUser;
  /** In `groupId`, which the objectives are shared with for editing. */
  groupEditor: TestUser;
  groupId: string;
  /** A member of the org nobody shares anything with. */
  stranger: TestUser;
  /** A guest (client stakeholder) nothing is shared with. */
  guest: TestUser;
  /** A guest the seeded objectives are shared with for editing. */
  guestEditor: TestUser;
  /** The owner of another org. */
  outsider: TestUser;
  outsiderOrgId: string;
  ownerScope: OrgScope;
  /** The org's owner, who manages its groups and cycles. */
  admin: TestUser;
  adminScope: OrgScope;
}

export async function createGoalsWorld(testApp: TestApp): Promise<GoalsWorld> {
  const { orgId, owner: orgOwner } = await createOrgWithOwner(testApp, "Goals Org");
  const [owner, editor, viewer, groupEditor, stranger, guest, guestEditor] = [
    await createMember(testApp, orgId, "member", "owner"),
    await createMember(testApp, orgId, "member", "editor"),
    await createMember(testApp, orgId, "member", "viewer"),
    await createMember(testApp, orgId, "member", "group-editor"),
    await createMember(testApp, orgId, "member", "stranger"),
    await createMember(testApp, orgId, "guest", "guest"),
    await createMember(testApp, orgId, "guest", "guest-editor"),
  ];
  const adminScope: OrgScope = {
    orgId,
    role: "owner",
    userId: orgOwner.userId,
    correlationId: null,
    ip: null,
    userAgent: null,
  };
  const group = await testApp.services.groups.create(adminScope, { name: "Delivery leads" });
  await testApp.services.groups.addMember(adminScope, group.id, groupEditor!.userId);
  const other = await createOrgWithOwner(testApp, "Elsewhere Ltd");
  return {
    testApp,
    orgId,
    owner: owner!,
    editor: editor!,
    viewer: viewer!,
    groupEditor: groupEditor!,
    groupId: group.id,
    stranger: stranger!,
    guest: guest!,
    guestEditor: guestEditor!,
    outsider: other.owner,
    outsiderOrgId: other.orgId,
    ownerScope: { ...adminScope, role: "member", userId: owner!.userId },
    admin: orgOwner,
    adminScope,
  };
}

/** Calls the API as `user` and checks the status; returns the parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely
export async function api<T = any>(
  testApp: TestApp,
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
  expected = method === "POST" ? 201 : 200,
): Promise<T> {
  const response = await sendApi(testApp, method, path, user.headers, body);
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(expected);
  return (text ? JSON.parse(text) : null) as T;
}

export interface SeededObjective {
  objectiveId: string;
  keyResultId: string;
  taskId: string;
}

/**
 * A private objective of the world's owner with one key result and one task, shared for
 * editing with `editor`, `guestEditor` and the group, and for viewing with `viewer`.
 */
export async function seedSharedObjective(
  world: GoalsWorld,
  title = "Win the region",
): Promise<SeededObjective> {
  const { testApp, owner } = world;
  const objective = await api(testApp, owner, "POST", "/goals/objectives", { title });
  const objectiveId = objective.data.id as string;
  const keyResult = await api(testApp, owner, "POST", `/goals/objectives/${objectiveId}/key-results`, {
    title: "Signed clients",
    type: "numeric",
    target_value: 10,
  });
  const keyResultId = keyResult.data.id as string;
  const task = await api(testApp, owner, "POST", `/goals/key-results/${keyResultId}/tasks`, {
    title: "Call the shortlist",
  });
  for (const share of [
    { user_id: world.editor.userId, permission: "edit" },
    { user_id: world.viewer.userId, permission: "view" },
    { user_id: world.guestEditor.userId, permission: "edit" },
    { group_id: world.groupId, permission: "edit" },
  ]) {
    await api(testApp, owner, "POST", `/goals/objectives/${objectiveId}/shares`, share);
  }
  return { objectiveId, keyResultId, taskId: task.data.id as string };
}

/** Everything the Goals endpoints could change, for "changed nothing" checks. */
export async function goalsSnapshot(testApp: TestApp) {
  return selectRows(
    testApp.database.handle.db,
    sql`select
      (select md5(coalesce(string_agg(concat_ws('|', id, title, description, visibility, owner_id, deleted_at, updated_at), ',' order by id), '')) from objectives) as objectives,
      (select md5(coalesce(string_agg(concat_ws('|', id, title, current_value, weight, confidence, deleted_at, updated_at), ',' order by id), '')) from key_results) as key_results,
      (select md5(coalesce(string_agg(concat_ws('|', id, title, status, assignee_id, deleted_at, updated_at), ',' order by id), '')) from goal_tasks) as tasks,
      (select md5(coalesce(string_agg(concat_ws('|', id, value, confidence, note), ',' order by id), '')) from check_ins) as check_ins,
      (select md5(coalesce(string_agg(concat_ws('|', id, permission), ',' order by id), '')) from objective_shares) as shares,
      (select md5(coalesce(string_agg(concat_ws('|', id, body, deleted_at), ',' order by id), '')) from comments) as comments,
      (select count(*) from notifications) as notifications,
      (select md5(coalesce(string_agg(concat_ws('|', id, starts_at, ends_at, note, completed_at), ',' order by id), '')) from time_blocks) as time_blocks,
      (select md5(coalesce(string_agg(concat_ws('|', id, name, start_date, end_date), ',' order by id), '')) from goal_cycles) as cycles,
      (select md5(coalesce(string_agg(concat_ws('|', id, revoked_at), ',' order by id), '')) from calendar_feed_tokens) as calendar_feeds`,
  );
}
