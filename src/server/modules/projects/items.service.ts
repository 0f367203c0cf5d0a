import { type IsoDate, utcDate } from "../../../core/calendar";
import {
  buildHeatMap,
  computeIndicator,
  type Indicator,
  type ItemGroup,
  type ItemType,
  isFinishedStatus,
  itemCode,
  type LinkKind,
  riskLevel,
  riskScore,
  type Severity,
  summarizeDashboard,
} from "../../../core/raid";
import { type Executor, inTenant } from "../../db";
import { AppError, type OrgScope, type PaginationQuery, toPageRequest } from "../../http";
import { checkUpload, newStorageKey } from "../../storage";
import { recordAudit } from "../audit";
import {
  assertCan,
  assertCanEditItem,
  canEditItem,
  type ProjectAccess,
  requireProjectAction,
} from "./access";
import type { ProjectsDeps } from "./deps";
import {
  applyItemChange,
  BLANK_ITEM,
  changedFields,
  type FieldProblem,
  type ItemFields,
  type ItemState,
} from "./item-rules";
import {
  countItemChildren,
  countItemGroups,
  createAttachment,
  createComment,
  createLink,
  deleteLink,
  dependsOnTransitively,
  findLink,
  getAttachment,
  getComment,
  getItem,
  getLink,
  hasOutgoingBecame,
  type ItemFilter,
  type ItemRow,
  type ItemSort,
  insertItems,
  listAttachments,
  listComments,
  listItemLinks,
  listItemPage,
  listItems,
  listNamesOf,
  listTimeline,
  setAttachmentDeletedAt,
  setCommentDeletedAt,
  stateOf,
  tallyItems,
  tallyOpenRisks,
  updateItem,
} from "./items.queries";
import { listAssignablePeople, reserveItemNumbers } from "./projects.queries";

export const ITEM_ENTITY = "project_item";

/** An item as the API shows it: its code and today's indicator alongside the stored fields. */
export type ItemView = ItemRow & { code: string; indicator: Indicator };

export function viewItem(row: ItemRow, today: IsoDate): ItemView {
  return { ...row, code: itemCode(row.type, row.number), indicator: computeIndicator(row, today) };
}

function invalid(problems: FieldProblem[]): AppError {
  return new AppError("VALIDATION_ERROR", { message: "The item is invalid", details: problems });
}

/** Audit payloads hold the fields people care about, not search vectors or bookkeeping. */
function auditState(
  state: ItemState,
  fields: (keyof ItemState)[] = Object.keys(state) as (keyof ItemState)[],
) {
  return Object.fromEntries(fields.map((field) => [field, state[field]]));
}

export async function assignableIds(tx: Executor, orgId: string, projectId: string): Promise<Set<string>> {
  return new Set((await listAssignablePeople(tx, orgId, projectId)).map((person) => person.userId));
}

/**
 * Numbers and inserts items (any mix of types) and audits each creation, inside the caller's
 * transaction. Returns the new ids in input order. Shared by create, convert and import.
 */
export async function insertNewItems(
  tx: Executor,
  scope: OrgScope,
  projectId: string,
  states: ItemState[],
  auditExtra: (index: number) => Record<string, unknown> = () => ({}),
): Promise<string[]> {
  const nextNumber = new Map<ItemType, number>();
  const perType = new Map<ItemType, number>();
  for (const state of states) perType.set(state.type, (perType.get(state.type) ?? 0) + 1);
  for (const [type, howMany] of perType) {
    nextNumber.set(type, await reserveItemNumbers(tx, { orgId: scope.orgId, projectId, type, howMany }));
  }
  const values = states.map((state) => {
    const number = nextNumber.get(state.type)!;
    nextNumber.set(state.type, number + 1);
    return { ...state, orgId: scope.orgId, projectId, number, createdBy: scope.userId };
  });
  const ids: string[] = [];
  // Bounded batches keep each statement well under Postgres' 65,535-parameter limit.
  for (let start = 0; start < values.length; start += 500) {
    ids.push(...(await insertItems(tx, values.slice(start, start + 500))));
  }
  for (const [index, id] of ids.entries()) {
    const value = values[index]!;
    await recordAudit(tx, scope, {
      action: "project_item.created",
      entityType: ITEM_ENTITY,
      entityId: id,
      after: {
        code: itemCode(value.type, value.number),
        ...auditState(states[index]!),
        ...auditExtra(index),
      },
    });
  }
  return ids;
}

const SEVERITY_FOR_RISK_LEVEL: Record<ReturnType<typeof riskLevel>, Severity> = {
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

/** RAID items: the log itself, links, comments, attachments, history, dashboard and timeline. */
export function createItemsService(deps: ProjectsDeps) {
  const { db, storage, audit } = deps;
  const today = () => utcDate(deps.now());

  async function requireItem(tx: Executor, scope: OrgScope, access: ProjectAccess, itemId: string) {
    const item = await getItem(tx, scope.orgId, access.project.id, itemId);
    if (!item || item.deletedAt) throw new AppError("NOT_FOUND", { message: "No such item" });
    return item;
  }

  /** A live item the caller may read: what every change to an item starts from. */
  async function itemWithAccess(tx: Executor, scope: OrgScope, projectId: string, itemId: string) {
    const access = await requireProjectAction(tx, scope, projectId, "projects.items.read");
    return { access, item: await requireItem(tx, scope, access, itemId) };
  }

  /**
   * An item the caller may read, live or deleted: a deleted item still opens, read-only, with
   * its comments, files and history, so it can be looked at before it is restored.
   */
  async function readableItem(tx: Executor, scope: OrgScope, projectId: string, itemId: string) {
    const access = await requireProjectAction(tx, scope, projectId, "projects.items.read");
    const item = await getItem(tx, scope.orgId, access.project.id, itemId);
    if (!item) throw new AppError("NOT_FOUND", { message: "No such item" });
    return { access, item };
  }

  /** Checks and applies a change to an item's stored state. */
  async function decide(
    tx: Executor,
    scope: OrgScope,
    projectId: string,
    current: ItemState,
    change: ItemFields,
  ) {
    const assignable = change.assigneeId
      ? await assignableIds(tx, scope.orgId, projectId)
      : new Set<string>();
    const decision = applyItemChange(current, change, { today: today(), assignable });
    if (!decision.ok) throw invalid(decision.problems);
    return decision.state;
  }

  /**
   * A comment of a live item that the caller may delete or restore: their own with
   * "projects.items.comment", anyone's with "projects.items.update".
   */
  async function commentToModerate(
    tx: Executor,
    scope: OrgScope,
    projectId: string,
    itemId: string,
    commentId: string,
    withDeleted: boolean,
  ) {
    const { access } = await itemWithAccess(tx, scope, projectId, itemId);
    const comment = await getComment(tx, scope.orgId, itemId, commentId, { withDeleted });
    if (!comment) throw new AppError("NOT_FOUND", { message: "No such comment" });
    const own = comment.authorId !== null && comment.authorId === scope.userId;
    assertCan(access, own ? "projects.items.comment" : "projects.items.update");
    return comment;
  }

  /** An attachment of a live item the caller may change (the team_member rule applies). */
  async function attachmentToChange(
    tx: Executor,
    scope: OrgScope,
    projectId: string,
    itemId: string,
    attachmentId: string,
    withDeleted: boolean,
  ) {
    const { access, item } = await itemWithAccess(tx, scope, projectId, itemId);
    assertCanEditItem(access, item, scope.userId);
    const attachment = await getAttachment(tx, scope.orgId, itemId, attachmentId, { withDeleted });
    if (!attachment) throw new AppError("NOT_FOUND", { message: "No such attachment" });
    return attachment;
  }

  return {
    /** The largest attachment accepted (MAX_UPLOAD_BYTES): the upload route's body limit. */
    maxUploadBytes: storage.maxUploadBytes,

    list: (
      scope: OrgScope,
      projectId: string,
      query: PaginationQuery & {
        filter: ItemFilter;
        sort: ItemSort;
        direction: "asc" | "desc";
        group?: ItemGroup;
      },
    ) =>
      inTenant(db, scope, async (tx) => {
        const access = await requireProjectAction(tx, scope, projectId, "projects.items.read");
        if (query.filter.deleted) assertCan(access, "projects.items.delete");
        const day = today();
        const params = { orgId: scope.orgId, projectId, today: day, filter: query.filter };
        const page = { ...params, sort: query.sort, direction: query.direction, page: toPageRequest(query) };
        if (!query.group) {
          const { rows, total } = await listItems(tx, page);
          return { rows: rows.map((row) => viewItem(row, day)), total, groups: undefined };
        }
        // Counted over every match, so a group's size does not depend on the page it spans; the
        // groups add up to the total, which then needs no count of its own.
        const groups = await countItemGroups(tx, { ...params, group: query.group });
        const rows = await listItemPage(tx, { ...page, group: query.group });
        const total = groups.reduce((sum, group) => sum + group.count, 0);
        return { rows: rows.map((row) => viewItem(row, day)), total, groups };
      }),

    /** An item with its links and counts; deleted items open too, and nobody may edit them. */
    get: (scope: OrgScope, projectId: string, itemId: string) =>
      inTenant(db, scope, async (tx) => {
        const { access, item } = await readableItem(tx, scope, projectId, itemId);
        const [links, counts] = await Promise.all([
          listItemLinks(tx, scope.orgId, itemId),
          countItemChildren(tx, scope.orgId, itemId),
        ]);
        return {
          ...viewItem(item, today()),
          links,
          commentCount: counts.comments,
          attachmentCount: counts.attachments,
          canEdit: !item.deletedAt && canEditItem(access, item, scope.userId),
        };
      }),

    create: (scope: OrgScope, projectId: string, input: ItemFields & { type: ItemType; title: string }) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.create");
        const { type, ...fields } = input;
        const state = await decide(tx, scope, projectId, BLANK_ITEM(type, input.title), fields);
        const [id] = await insertNewItems(tx, scope, projectId, [state]);
        return viewItem((await getItem(tx, scope.orgId, projectId, id!))!, today());
      }),

    /** The team_member rule applies: their own items only, and they cannot hand them over. */
    update: (scope: OrgScope, projectId: string, itemId: string, patch: ItemFields) =>
      inTenant(db, scope, async (tx) => {
        const { access, item } = await itemWithAccess(tx, scope, projectId, itemId);
        assertCanEditItem(access, item, scope.userId);
        const reassigning = patch.assigneeId !== undefined && patch.assigneeId !== item.assigneeId;
        if (reassigning) assertCan(access, "projects.items.update");
        const before = stateOf(item);
        const after = await decide(tx, scope, projectId, before, patch);
        const changed = changedFields(before, after);
        if (changed.length === 0) return viewItem(item, today());
        await updateItem(tx, scope.orgId, projectId, itemId, auditState(after, changed));
        await recordAudit(tx, scope, {
          action: "project_item.updated",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          before: auditState(before, changed),
          after: auditState(after, changed),
        });
        return viewItem((await getItem(tx, scope.orgId, projectId, itemId))!, today());
      }),

    /** Soft delete: the item leaves the log, links and all, until restored. */
    remove: (scope: OrgScope, projectId: string, itemId: string) =>
      inTenant(db, scope, async (tx) => {
        const access = await requireProjectAction(tx, scope, projectId, "projects.items.delete");
        const item = await requireItem(tx, scope, access, itemId);
        await updateItem(tx, scope.orgId, projectId, itemId, { deletedAt: new Date() });
        await recordAudit(tx, scope, {
          action: "project_item.deleted",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          before: { code: itemCode(item.type, item.number), title: item.title },
        });
      }),

    restore: (scope: OrgScope, projectId: string, itemId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.delete");
        const item = await getItem(tx, scope.orgId, projectId, itemId);
        if (!item) throw new AppError("NOT_FOUND", { message: "No such item" });
        if (item.deletedAt) {
          await updateItem(tx, scope.orgId, projectId, itemId, { deletedAt: null });
          await recordAudit(tx, scope, {
            action: "project_item.restored",
            entityType: ITEM_ENTITY,
            entityId: itemId,
          });
        }
        return viewItem({ ...item, deletedAt: null }, today());
      }),

    /** The item's full change history, newest first, from the audit log. */
    history: async (scope: OrgScope, projectId: string, itemId: string, query: PaginationQuery) => {
      await inTenant(db, scope, (tx) => readableItem(tx, scope, projectId, itemId));
      return audit.list(scope, { entityType: ITEM_ENTITY, entityId: itemId }, query);
    },

    addLink: (
      scope: OrgScope,
      projectId: string,
      itemId: string,
      input: { toItemId: string; kind: LinkKind },
    ) =>
      inTenant(db, scope, async (tx) => {
        const { access, item } = await itemWithAccess(tx, scope, projectId, itemId);
        assertCanEditItem(access, item, scope.userId);
        if (input.toItemId === itemId) {
          throw invalid([{ path: "to_item_id", message: "an item cannot link to itself" }]);
        }
        const target = await getItem(tx, scope.orgId, projectId, input.toItemId);
        if (!target || target.deletedAt) {
          throw invalid([{ path: "to_item_id", message: "no such item in this project" }]);
        }
        if (await findLink(tx, scope.orgId, itemId, input.toItemId, input.kind)) {
          throw new AppError("CONFLICT", { message: "These items are already linked this way" });
        }
        if (input.kind === "became") {
          if (target.type === item.type) {
            throw invalid([{ path: "kind", message: "an item can only become an item of another type" }]);
          }
          if (await hasOutgoingBecame(tx, scope.orgId, itemId)) {
            throw new AppError("CONFLICT", { message: "This item already became another item" });
          }
        }
        if (
          input.kind === "depends_on" &&
          (await dependsOnTransitively(tx, scope.orgId, input.toItemId, itemId))
        ) {
          throw new AppError("CONFLICT", {
            message: "That dependency would make a cycle",
            details: { from: itemId, to: input.toItemId },
          });
        }
        const id = await createLink(tx, {
          orgId: scope.orgId,
          projectId,
          fromItemId: itemId,
          toItemId: input.toItemId,
          kind: input.kind,
          createdBy: scope.userId,
        });
        await recordAudit(tx, scope, {
          action: "project_item.link_added",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          after: {
            linkId: id,
            kind: input.kind,
            to: itemCode(target.type, target.number),
            toItemId: target.id,
          },
        });
        return (await listItemLinks(tx, scope.orgId, itemId)).find((link) => link.id === id)!;
      }),

    removeLink: (scope: OrgScope, projectId: string, itemId: string, linkId: string) =>
      inTenant(db, scope, async (tx) => {
        const { access, item } = await itemWithAccess(tx, scope, projectId, itemId);
        assertCanEditItem(access, item, scope.userId);
        const link = await getLink(tx, scope.orgId, linkId);
        if (
          !link ||
          link.projectId !== projectId ||
          (link.fromItemId !== itemId && link.toItemId !== itemId)
        ) {
          throw new AppError("NOT_FOUND", { message: "No such link" });
        }
        await deleteLink(tx, scope.orgId, linkId);
        await recordAudit(tx, scope, {
          action: "project_item.link_removed",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          before: { linkId, kind: link.kind, fromItemId: link.fromItemId, toItemId: link.toItemId },
        });
      }),

    /**
     * A risk that materialised: creates the issue (carrying over title, description, owner,
     * priority and tags, with a severity from the risk's score unless given), links the risk
     * `became` the issue, and closes the risk — all in one transaction. An owner who has left
     * the project is not carried over: the issue starts unassigned (the risk keeps its owner).
     */
    convertRiskToIssue: (
      scope: OrgScope,
      projectId: string,
      riskId: string,
      overrides: { title?: string; severity?: Severity; assigneeId?: string | null },
    ) =>
      inTenant(db, scope, async (tx) => {
        const { access, item: risk } = await itemWithAccess(tx, scope, projectId, riskId);
        assertCan(access, "projects.items.create");
        assertCanEditItem(access, risk, scope.userId);
        if (risk.type !== "risk")
          throw invalid([{ path: "id", message: "only risks can be converted to issues" }]);
        if (isFinishedStatus(risk.status)) {
          throw new AppError("CONFLICT", { message: "This risk is already closed" });
        }
        if (await hasOutgoingBecame(tx, scope.orgId, riskId)) {
          throw new AppError("CONFLICT", { message: "This risk already became another item" });
        }
        const score = riskScore(risk.probability, risk.impact);
        const owner =
          risk.assigneeId && (await assignableIds(tx, scope.orgId, projectId)).has(risk.assigneeId)
            ? risk.assigneeId
            : null;
        const issue = await decide(tx, scope, projectId, BLANK_ITEM("issue", overrides.title ?? risk.title), {
          description: risk.description,
          priority: risk.priority,
          assigneeId: overrides.assigneeId === undefined ? owner : overrides.assigneeId,
          tags: risk.tags,
          severity:
            overrides.severity ?? (score === null ? "medium" : SEVERITY_FOR_RISK_LEVEL[riskLevel(score)]),
        });
        const riskCode = itemCode(risk.type, risk.number);
        const [issueId] = await insertNewItems(tx, scope, projectId, [issue], () => ({
          convertedFrom: riskCode,
        }));
        const linkId = await createLink(tx, {
          orgId: scope.orgId,
          projectId,
          fromItemId: riskId,
          toItemId: issueId!,
          kind: "became",
          createdBy: scope.userId,
        });
        const before = stateOf(risk);
        const closed = await decide(tx, scope, projectId, before, { status: "closed" });
        const changed = changedFields(before, closed);
        await updateItem(tx, scope.orgId, projectId, riskId, auditState(closed, changed));
        const issueRow = (await getItem(tx, scope.orgId, projectId, issueId!))!;
        await recordAudit(tx, scope, {
          action: "project_item.converted",
          entityType: ITEM_ENTITY,
          entityId: riskId,
          before: auditState(before, changed),
          after: {
            ...auditState(closed, changed),
            became: itemCode("issue", issueRow.number),
            issueId,
            linkId,
          },
        });
        const day = today();
        return {
          risk: viewItem((await getItem(tx, scope.orgId, projectId, riskId))!, day),
          issue: viewItem(issueRow, day),
        };
      }),

    listComments: (scope: OrgScope, projectId: string, itemId: string, query: PaginationQuery) =>
      inTenant(db, scope, async (tx) => {
        await readableItem(tx, scope, projectId, itemId);
        return listComments(tx, scope.orgId, itemId, toPageRequest(query));
      }),

    addComment: (scope: OrgScope, projectId: string, itemId: string, body: string) =>
      inTenant(db, scope, async (tx) => {
        const { access } = await itemWithAccess(tx, scope, projectId, itemId);
        assertCan(access, "projects.items.comment");
        const id = await createComment(tx, { orgId: scope.orgId, itemId, authorId: scope.userId, body });
        await recordAudit(tx, scope, {
          action: "project_item.comment_added",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          after: { commentId: id, body },
        });
        return (await getComment(tx, scope.orgId, itemId, id))!;
      }),

    /** Authors remove their own comments; those who may edit any item remove anyone's. */
    removeComment: (scope: OrgScope, projectId: string, itemId: string, commentId: string) =>
      inTenant(db, scope, async (tx) => {
        const comment = await commentToModerate(tx, scope, projectId, itemId, commentId, false);
        await setCommentDeletedAt(tx, scope.orgId, commentId, new Date());
        await recordAudit(tx, scope, {
          action: "project_item.comment_deleted",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          before: { commentId, body: comment.body, authorId: comment.authorId },
        });
      }),

    /** Undoes a comment's deletion; whoever may delete it may restore it. */
    restoreComment: (scope: OrgScope, projectId: string, itemId: string, commentId: string) =>
      inTenant(db, scope, async (tx) => {
        const comment = await commentToModerate(tx, scope, projectId, itemId, commentId, true);
        if (comment.deletedAt) {
          await setCommentDeletedAt(tx, scope.orgId, commentId, null);
          await recordAudit(tx, scope, {
            action: "project_item.comment_restored",
            entityType: ITEM_ENTITY,
            entityId: itemId,
            after: { commentId, body: comment.body, authorId: comment.authorId },
          });
        }
        return { ...comment, deletedAt: null };
      }),

    listAttachments: (scope: OrgScope, projectId: string, itemId: string) =>
      inTenant(db, scope, async (tx) => {
        await readableItem(tx, scope, projectId, itemId);
        return listAttachments(tx, scope.orgId, itemId);
      }),

    /**
     * Stores the file, then records it. The upload happens between two short transactions so a
     * slow store never holds a database transaction open; if recording fails, the stored file
     * is removed again.
     */
    addAttachment: async (
      scope: OrgScope,
      projectId: string,
      itemId: string,
      file: { name: string; type: string; bytes: Uint8Array },
    ) => {
      const authorize = async (tx: Executor) => {
        const { access, item } = await itemWithAccess(tx, scope, projectId, itemId);
        assertCanEditItem(access, item, scope.userId);
      };
      await inTenant(db, scope, authorize);
      const contentType = checkUpload(
        { size: file.bytes.byteLength, type: file.type },
        { maxBytes: storage.maxUploadBytes },
      );
      const storageKey = newStorageKey("attachments", scope.orgId);
      await storage.put(storageKey, file.bytes, contentType);
      try {
        return await inTenant(db, scope, async (tx) => {
          await authorize(tx);
          const fileName = file.name.trim().slice(0, 255) || "file";
          const id = await createAttachment(tx, {
            orgId: scope.orgId,
            itemId,
            storageKey,
            fileName,
            contentType,
            sizeBytes: file.bytes.byteLength,
            uploadedBy: scope.userId,
          });
          await recordAudit(tx, scope, {
            action: "project_item.attachment_added",
            entityType: ITEM_ENTITY,
            entityId: itemId,
            after: { attachmentId: id, fileName, contentType, sizeBytes: file.bytes.byteLength },
          });
          return (await getAttachment(tx, scope.orgId, itemId, id))!;
        });
      } catch (error) {
        await storage.delete(storageKey);
        throw error;
      }
    },

    attachmentDownload: async (scope: OrgScope, projectId: string, itemId: string, attachmentId: string) => {
      const attachment = await inTenant(db, scope, async (tx) => {
        await readableItem(tx, scope, projectId, itemId);
        return getAttachment(tx, scope.orgId, itemId, attachmentId);
      });
      if (!attachment) throw new AppError("NOT_FOUND", { message: "No such attachment" });
      return storage.signedDownloadUrl(attachment.storageKey, {
        fileName: attachment.fileName,
        contentType: attachment.contentType,
      });
    },

    /** Soft delete: the record goes to the bin; the stored file is kept so it can be restored. */
    removeAttachment: (scope: OrgScope, projectId: string, itemId: string, attachmentId: string) =>
      inTenant(db, scope, async (tx) => {
        const attachment = await attachmentToChange(tx, scope, projectId, itemId, attachmentId, false);
        await setAttachmentDeletedAt(tx, scope.orgId, attachmentId, new Date());
        await recordAudit(tx, scope, {
          action: "project_item.attachment_deleted",
          entityType: ITEM_ENTITY,
          entityId: itemId,
          before: { attachmentId, fileName: attachment.fileName },
        });
      }),

    /** Undoes an attachment's removal (its file was kept); whoever may remove it may restore it. */
    restoreAttachment: (scope: OrgScope, projectId: string, itemId: string, attachmentId: string) =>
      inTenant(db, scope, async (tx) => {
        const attachment = await attachmentToChange(tx, scope, projectId, itemId, attachmentId, true);
        if (attachment.deletedAt) {
          await setAttachmentDeletedAt(tx, scope.orgId, attachmentId, null);
          await recordAudit(tx, scope, {
            action: "project_item.attachment_restored",
            entityType: ITEM_ENTITY,
            entityId: itemId,
            after: { attachmentId, fileName: attachment.fileName },
          });
        }
        return { ...attachment, deletedAt: null };
      }),

    /** Counts by indicator, type and assignee, and the heat map of open risks. */
    dashboard: (scope: OrgScope, projectId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.read");
        const day = today();
        const [tallies, risks] = await Promise.all([
          tallyItems(tx, { orgId: scope.orgId, projectId, today: day }),
          tallyOpenRisks(tx, scope.orgId, projectId),
        ]);
        const summary = summarizeDashboard(tallies);
        const people = await listNamesOf(
          tx,
          summary.byAssignee.flatMap((entry) => (entry.assigneeId ? [entry.assigneeId] : [])),
        );
        const names = new Map(people.map((person) => [person.id, person]));
        return {
          asOf: day,
          ...summary,
          byAssignee: summary.byAssignee.map((entry) => ({
            ...entry,
            name: entry.assigneeId ? (names.get(entry.assigneeId)?.name ?? null) : null,
          })),
          heatMap: buildHeatMap(risks),
        };
      }),

    /** Dated items and their dependencies, earliest first, for the Gantt. */
    timeline: (scope: OrgScope, projectId: string) =>
      inTenant(db, scope, async (tx) => {
        await requireProjectAction(tx, scope, projectId, "projects.items.read");
        const day = today();
        const { rows, dependencies, truncated } = await listTimeline(tx, {
          orgId: scope.orgId,
          projectId,
          limit: TIMELINE_LIMIT,
        });
        return { asOf: day, items: rows.map((row) => viewItem(row, day)), dependencies, truncated };
      }),
  };
}

/** A Gantt beyond this many bars is unreadable; the UI says it is truncated. */
export const TIMELINE_LIMIT = 2000;

export type ItemsService = ReturnType<typeof createItemsService>;
