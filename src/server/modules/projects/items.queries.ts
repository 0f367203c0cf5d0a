import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { IsoDate } from "../../../core/calendar";
import {
  FINISHED_STATUSES,
  INDICATORS,
  type Indicator,
  ITEM_STATUSES,
  ITEM_TYPES,
  type ItemGroup,
  type ItemStatus,
  type ItemTally,
  type ItemType,
  type LinkKind,
  PRIORITIES,
  type Priority,
  parseItemCode,
  RECENT_DAYS,
  SOON_DAYS,
  TRENDING_LATE_SHORTFALL,
} from "../../../core/raid";
import type { Executor } from "../../db";
import {
  projectItemAttachments,
  projectItemComments,
  projectItemLinks,
  projectItems,
  users,
} from "../../db/schema";
import type { PageRequest } from "../../http";
import type { ItemState } from "./item-rules";

const items = projectItems;
const assignee = alias(users, "assignee");

const itemColumns = {
  id: items.id,
  projectId: items.projectId,
  type: items.type,
  number: items.number,
  title: items.title,
  description: items.description,
  status: items.status,
  priority: items.priority,
  assigneeId: items.assigneeId,
  assigneeName: assignee.name,
  assigneeEmail: assignee.email,
  startDate: items.startDate,
  finishDate: items.finishDate,
  deadline: items.deadline,
  percentComplete: items.percentComplete,
  completedOn: items.completedOn,
  tags: items.tags,
  probability: items.probability,
  impact: items.impact,
  severity: items.severity,
  decisionDate: items.decisionDate,
  rationale: items.rationale,
  createdBy: items.createdBy,
  deletedAt: items.deletedAt,
  createdAt: items.createdAt,
  updatedAt: items.updatedAt,
};

export type ItemRow = ItemState & {
  id: string;
  projectId: string;
  number: number;
  assigneeName: string | null;
  assigneeEmail: string | null;
  createdBy: string | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored state of a row, without ids and bookkeeping. */
export function stateOf(row: ItemRow): ItemState {
  return {
    type: row.type,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assigneeId: row.assigneeId,
    startDate: row.startDate,
    finishDate: row.finishDate,
    deadline: row.deadline,
    percentComplete: row.percentComplete,
    completedOn: row.completedOn,
    tags: row.tags,
    probability: row.probability,
    impact: row.impact,
    severity: row.severity,
    decisionDate: row.decisionDate,
    rationale: row.rationale,
  };
}

/**
 * core/raid computeIndicator as a SQL expression, so lists can filter, sort and count by
 * indicator over thousands of items without loading them. `today` is a parameter, never
 * current_date, so SQL and TypeScript agree on what day it is (items.queries.test.ts checks
 * the two agree on every boundary).
 */
export function indicatorSql(today: IsoDate): SQL<Indicator> {
  const t = sql`${today}::date`;
  const soon = sql`(${t} + ${SOON_DAYS}::int)`;
  return sql<Indicator>`(case
    when ${items.percentComplete} >= 100 then
      case when coalesce(${items.completedOn}, ${items.finishDate}) >= ${t} - ${RECENT_DAYS}::int
        then 'completed_recently' else 'completed' end
    when ${items.deadline} < ${t} then 'beyond_deadline'
    when ${items.finishDate} < ${t} then 'late_finish'
    when ${items.startDate} < ${t} and ${items.percentComplete} = 0 then 'late_start'
    when ${items.startDate} <= ${t} and ${items.finishDate} > ${items.startDate}
      and (${t} - ${items.startDate}) * 100 - ${items.percentComplete} * (${items.finishDate} - ${items.startDate})
        >= ${TRENDING_LATE_SHORTFALL}::int * (${items.finishDate} - ${items.startDate}) then 'trending_late'
    when ${items.finishDate} between ${t} and ${soon} or ${items.deadline} between ${t} and ${soon} then 'finishing_soon'
    when ${items.percentComplete} = 0 and ${items.startDate} between ${t} and ${soon} then 'starting_soon'
    when ${items.percentComplete} > 0 then 'in_progress'
    else 'not_started' end)`;
}

const position = (values: readonly string[], column: SQLWrapper) =>
  sql`array_position(${sql.raw(`ARRAY[${values.map((value) => `'${value}'`).join(",")}]::text[]`)}, ${column})`;

export const ITEM_SORTS = [
  "code",
  "title",
  "type",
  "status",
  "priority",
  "assignee",
  "start_date",
  "finish_date",
  "deadline",
  "decision_date",
  "percent_complete",
  "risk_score",
  "indicator",
  "created_at",
  "updated_at",
  "relevance",
] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export interface ItemFilter {
  types?: ItemType[];
  statuses?: ItemStatus[];
  priorities?: Priority[];
  indicators?: Indicator[];
  /** A user id, or null for unassigned items. */
  assigneeId?: string | null;
  /** Items carrying every one of these tags. */
  tags?: string[];
  search?: string;
  /** Items whose span (earliest to latest of start, finish, deadline, decision date) overlaps [from, to]. */
  from?: IsoDate;
  to?: IsoDate;
  deleted?: boolean;
}

/** An item's dates; its span runs from the earliest to the latest (least/greatest skip nulls). */
const datesOf = sql`${items.startDate}, ${items.finishDate}, ${items.deadline}, ${items.decisionDate}`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");
const tsQuery = (search: string) => sql`websearch_to_tsquery('english', ${search})`;

function itemWhere(orgId: string, projectId: string, today: IsoDate, filter: ItemFilter): SQL {
  const conditions: SQL[] = [
    eq(items.orgId, orgId),
    eq(items.projectId, projectId),
    filter.deleted ? isNotNull(items.deletedAt) : isNull(items.deletedAt),
  ];
  if (filter.types?.length) conditions.push(inArray(items.type, filter.types));
  if (filter.statuses?.length) conditions.push(inArray(items.status, filter.statuses));
  if (filter.priorities?.length) conditions.push(inArray(items.priority, filter.priorities));
  if (filter.indicators?.length) conditions.push(inArray(indicatorSql(today), filter.indicators));
  if (filter.assigneeId !== undefined) {
    conditions.push(
      filter.assigneeId === null ? isNull(items.assigneeId) : eq(items.assigneeId, filter.assigneeId),
    );
  }
  if (filter.tags?.length) conditions.push(arrayContains(items.tags, filter.tags));
  if (filter.search) {
    const code = parseItemCode(filter.search);
    conditions.push(
      or(
        sql`${items.searchVector} @@ ${tsQuery(filter.search)}`,
        ilike(items.title, `%${escapeLike(filter.search)}%`),
        code ? and(eq(items.type, code.type), eq(items.number, code.number)) : undefined,
      )!,
    );
  }
  if (filter.from) conditions.push(sql`greatest(${datesOf}) >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`least(${datesOf}) <= ${filter.to}::date`);
  return and(...conditions)!;
}

function orderBy(
  sort: ItemSort,
  direction: "asc" | "desc",
  today: IsoDate,
  search: string | undefined,
): SQL[] {
  const dir = (expression: SQLWrapper) => ordered(sql`${expression}`, direction);
  const byCode = [sql`${position(ITEM_TYPES, items.type)} asc`, asc(items.number), asc(items.id)];
  const keys: Record<Exclude<ItemSort, "code">, SQL> = {
    title: dir(sql`lower(${items.title})`),
    type: dir(position(ITEM_TYPES, items.type)),
    status: dir(position(ITEM_STATUSES, items.status)),
    priority: dir(position(PRIORITIES, items.priority)),
    assignee: dir(sql`lower(${assignee.name})`),
    start_date: dir(items.startDate),
    finish_date: dir(items.finishDate),
    deadline: dir(items.deadline),
    decision_date: dir(items.decisionDate),
    percent_complete: dir(items.percentComplete),
    risk_score: dir(sql`${items.probability} * ${items.impact}`),
    indicator: dir(position(INDICATORS, indicatorSql(today))),
    created_at: dir(items.createdAt),
    updated_at: dir(items.updatedAt),
    relevance: search ? sql`ts_rank(${items.searchVector}, ${tsQuery(search)}) desc` : sql`1`,
  };
  if (sort === "code") {
    return direction === "asc"
      ? byCode
      : [sql`${position(ITEM_TYPES, items.type)} desc`, desc(items.number), desc(items.id)];
  }
  return [keys[sort], ...byCode];
}

interface GroupOrder {
  /** Tells the groups apart: the grouped value (a user id for assignees; null unassigned). */
  key: SQL;
  order: { expression: SQL; direction: "asc" | "desc" }[];
}

const ordered = (expression: SQL, direction: "asc" | "desc") =>
  sql`${expression} ${sql.raw(direction)} nulls last`;

/**
 * The order of the groups. Priorities run from critical down; people by name, with unassigned
 * items last, and by id after the name so two people of the same name stay two runs.
 */
function groupOrder(group: ItemGroup, today: IsoDate): GroupOrder {
  switch (group) {
    case "type":
      return {
        key: sql`${items.type}`,
        order: [{ expression: position(ITEM_TYPES, items.type), direction: "asc" }],
      };
    case "status":
      return {
        key: sql`${items.status}`,
        order: [{ expression: position(ITEM_STATUSES, items.status), direction: "asc" }],
      };
    case "priority":
      return {
        key: sql`${items.priority}`,
        order: [{ expression: position(PRIORITIES, items.priority), direction: "desc" }],
      };
    case "indicator":
      return {
        key: indicatorSql(today),
        order: [{ expression: position(INDICATORS, indicatorSql(today)), direction: "asc" }],
      };
    case "assignee": {
      const id = sql`${items.assigneeId}::text`;
      return {
        key: id,
        order: [
          { expression: sql`lower(${assignee.name})`, direction: "asc" },
          { expression: id, direction: "asc" },
        ],
      };
    }
  }
}

interface ListParams {
  orgId: string;
  projectId: string;
  today: IsoDate;
  filter: ItemFilter;
  sort: ItemSort;
  direction: "asc" | "desc";
  /** Rows come group by group, sorted within each group. */
  group?: ItemGroup;
  page: PageRequest;
}

/** One page of matching items, without counting them all (for lists that need no total). */
export async function listItemPage(db: Executor, params: ListParams): Promise<ItemRow[]> {
  const grouped = params.group
    ? groupOrder(params.group, params.today).order.map(({ expression, direction }) =>
        ordered(expression, direction),
      )
    : [];
  return db
    .select(itemColumns)
    .from(items)
    .leftJoin(assignee, eq(assignee.id, items.assigneeId))
    .where(itemWhere(params.orgId, params.projectId, params.today, params.filter))
    .orderBy(...grouped, ...orderBy(params.sort, params.direction, params.today, params.filter.search))
    .limit(params.page.limit)
    .offset(params.page.offset);
}

/**
 * How many matching items each group holds, over every page, in the order `listItemPage`
 * gives the groups.
 */
export async function countItemGroups(
  db: Executor,
  params: Omit<ListParams, "sort" | "direction" | "page" | "group"> & { group: ItemGroup },
): Promise<{ key: string | null; count: number }[]> {
  const { key, order } = groupOrder(params.group, params.today);
  return (
    db
      .select({ key: sql<string | null>`${key}`, count: sql<number>`count(*)::int` })
      .from(items)
      .leftJoin(assignee, eq(assignee.id, items.assigneeId))
      .where(itemWhere(params.orgId, params.projectId, params.today, params.filter))
      // By position: Postgres cannot match a parameterised expression in GROUP BY to the select list.
      .groupBy(sql`1`)
      .orderBy(...order.map(({ expression, direction }) => ordered(sql`min(${expression})`, direction)))
  );
}

export async function listItems(
  db: Executor,
  params: ListParams,
): Promise<{ rows: ItemRow[]; total: number }> {
  const rows = await listItemPage(db, params);
  // A first page that is not full already holds every match: skip counting them again.
  if (params.page.offset === 0 && rows.length < params.page.limit) return { rows, total: rows.length };
  const where = itemWhere(params.orgId, params.projectId, params.today, params.filter);
  const [totals] = await db.select({ total: count() }).from(items).where(where);
  return { rows, total: totals?.total ?? 0 };
}

/** Every matching item, for exports and reports (capped by the caller's expectations, not paged). */
export async function listAllItems(
  db: Executor,
  params: { orgId: string; projectId: string; today: IsoDate; filter: ItemFilter; sort?: ItemSort },
): Promise<ItemRow[]> {
  return db
    .select(itemColumns)
    .from(items)
    .leftJoin(assignee, eq(assignee.id, items.assigneeId))
    .where(itemWhere(params.orgId, params.projectId, params.today, params.filter))
    .orderBy(...orderBy(params.sort ?? "code", "asc", params.today, undefined));
}

/**
 * The live items of one project that match a free-text question, best first: items it names
 * by code, then by full-text rank on any of its words (not all), with titles holding one of
 * `words` nearly (pg_trgm, so "vendr" finds "vendor") a little behind. Items that match
 * nothing are left out. Every condition can use an index, so a 10,000-item project is not
 * scanned.
 */
export async function listRelevantItems(
  db: Executor,
  params: {
    orgId: string;
    projectId: string;
    question: string;
    /** Content words of the question, matched against titles by trigram similarity. */
    words: string[];
    codes: { type: ItemType; number: number }[];
    limit: number;
  },
): Promise<ItemRow[]> {
  // plainto_tsquery sanitises; turning its ANDs into ORs lets a long question match on any word.
  const anyWord = sql`replace(plainto_tsquery('english', ${params.question})::text, '&', '|')::tsquery`;
  const named = params.codes.map((code) => and(eq(items.type, code.type), eq(items.number, code.number))!);
  const nearly = params.words.map((word) => sql`${items.title} %> ${word}`);
  const closest = params.words.length
    ? sql`greatest(${sql.join(
        params.words.map((word) => sql`word_similarity(${word}, ${items.title})`),
        sql`, `,
      )})`
    : sql`0`;
  const score = sql`(case when ${named.length ? or(...named) : sql`false`} then 100 else 0 end)
    + ts_rank(${items.searchVector}, ${anyWord}) + ${closest} * 0.1`;
  return db
    .select(itemColumns)
    .from(items)
    .leftJoin(assignee, eq(assignee.id, items.assigneeId))
    .where(
      and(
        eq(items.orgId, params.orgId),
        eq(items.projectId, params.projectId),
        isNull(items.deletedAt),
        or(...named, sql`${items.searchVector} @@ ${anyWord}`, ...nearly),
      ),
    )
    .orderBy(sql`${score} desc`, desc(items.updatedAt), asc(items.id))
    .limit(params.limit);
}

/** One item of a project, deleted or not (the caller decides what a deleted item means). */
export async function getItem(
  db: Executor,
  orgId: string,
  projectId: string,
  id: string,
): Promise<ItemRow | undefined> {
  const [row] = await db
    .select(itemColumns)
    .from(items)
    .leftJoin(assignee, eq(assignee.id, items.assigneeId))
    .where(and(eq(items.orgId, orgId), eq(items.projectId, projectId), eq(items.id, id)))
    .limit(1);
  return row;
}

export type NewItem = ItemState & {
  orgId: string;
  projectId: string;
  number: number;
  createdBy: string | null;
};

/** Inserts items and returns their ids in input order. */
export async function insertItems(db: Executor, values: NewItem[]): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db.insert(items).values(values).returning({ id: items.id });
  return rows.map((row) => row.id);
}

export async function updateItem(
  db: Executor,
  orgId: string,
  projectId: string,
  id: string,
  patch: Partial<ItemState> & { deletedAt?: Date | null },
) {
  await db
    .update(items)
    .set(patch)
    .where(and(eq(items.orgId, orgId), eq(items.projectId, projectId), eq(items.id, id)));
}

/** Group-by counts for the dashboard: live items by type, indicator and assignee. */
export async function tallyItems(
  db: Executor,
  params: { orgId: string; projectId: string; today: IsoDate },
): Promise<ItemTally[]> {
  const indicator = indicatorSql(params.today);
  return (
    db
      .select({
        type: items.type,
        indicator,
        assigneeId: items.assigneeId,
        count: sql<number>`count(*)::int`,
      })
      .from(items)
      .where(
        and(eq(items.orgId, params.orgId), eq(items.projectId, params.projectId), isNull(items.deletedAt)),
      )
      // By position: Postgres cannot match a parameterised expression in GROUP BY to the select list.
      .groupBy(sql`1`, sql`2`, sql`3`)
  );
}

/** Open (unfinished, live) risks counted per probability × impact cell. */
export async function tallyOpenRisks(db: Executor, orgId: string, projectId: string) {
  return db
    .select({ probability: items.probability, impact: items.impact, count: sql<number>`count(*)::int` })
    .from(items)
    .where(
      and(
        eq(items.orgId, orgId),
        eq(items.projectId, projectId),
        eq(items.type, "risk"),
        isNull(items.deletedAt),
        notInArray(items.status, [...FINISHED_STATUSES]),
      ),
    )
    .groupBy(items.probability, items.impact);
}

export async function listNamesOf(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, userIds));
}

// Links ------------------------------------------------------------------------------------

const other = alias(projectItems, "other_item");

export interface LinkRow {
  id: string;
  kind: LinkKind;
  fromItemId: string;
  toItemId: string;
  createdAt: Date;
  otherId: string;
  otherType: ItemType;
  otherNumber: number;
  otherTitle: string;
  otherStatus: ItemStatus;
}

/** Links from or to an item whose other end is a live item, with that item's headline. */
export async function listItemLinks(db: Executor, orgId: string, itemId: string): Promise<LinkRow[]> {
  return db
    .select({
      id: projectItemLinks.id,
      kind: projectItemLinks.kind,
      fromItemId: projectItemLinks.fromItemId,
      toItemId: projectItemLinks.toItemId,
      createdAt: projectItemLinks.createdAt,
      otherId: other.id,
      otherType: other.type,
      otherNumber: other.number,
      otherTitle: other.title,
      otherStatus: other.status,
    })
    .from(projectItemLinks)
    .innerJoin(
      other,
      sql`${other.id} = case when ${projectItemLinks.fromItemId} = ${itemId} then ${projectItemLinks.toItemId} else ${projectItemLinks.fromItemId} end`,
    )
    .where(
      and(
        eq(projectItemLinks.orgId, orgId),
        or(eq(projectItemLinks.fromItemId, itemId), eq(projectItemLinks.toItemId, itemId)),
        isNull(other.deletedAt),
      ),
    )
    .orderBy(asc(projectItemLinks.createdAt), asc(projectItemLinks.id));
}

export async function getLink(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select(getTableColumns(projectItemLinks))
    .from(projectItemLinks)
    .where(and(eq(projectItemLinks.orgId, orgId), eq(projectItemLinks.id, id)))
    .limit(1);
  return row;
}

export async function findLink(
  db: Executor,
  orgId: string,
  fromItemId: string,
  toItemId: string,
  kind: LinkKind,
) {
  const [row] = await db
    .select({ id: projectItemLinks.id })
    .from(projectItemLinks)
    .where(
      and(
        eq(projectItemLinks.orgId, orgId),
        eq(projectItemLinks.fromItemId, fromItemId),
        eq(projectItemLinks.toItemId, toItemId),
        eq(projectItemLinks.kind, kind),
      ),
    )
    .limit(1);
  return row;
}

/** Whether the item already "became" something: an item turns into at most one other. */
export async function hasOutgoingBecame(db: Executor, orgId: string, fromItemId: string) {
  const [row] = await db
    .select({ id: projectItemLinks.id })
    .from(projectItemLinks)
    .where(
      and(
        eq(projectItemLinks.orgId, orgId),
        eq(projectItemLinks.fromItemId, fromItemId),
        eq(projectItemLinks.kind, "became"),
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function createLink(
  db: Executor,
  values: {
    orgId: string;
    projectId: string;
    fromItemId: string;
    toItemId: string;
    kind: LinkKind;
    createdBy: string | null;
  },
) {
  const [row] = await db.insert(projectItemLinks).values(values).returning({ id: projectItemLinks.id });
  return row!.id;
}

export async function deleteLink(db: Executor, orgId: string, id: string) {
  await db
    .delete(projectItemLinks)
    .where(and(eq(projectItemLinks.orgId, orgId), eq(projectItemLinks.id, id)));
}

/**
 * Whether `from` already depends, directly or through a chain, on `to`: adding `to` depends
 * on `from` would then close a cycle the timeline could never schedule.
 */
export async function dependsOnTransitively(db: Executor, orgId: string, from: string, to: string) {
  const result = (await db.execute(sql`
    with recursive reach(id) as (
      select ${projectItemLinks.toItemId} from ${projectItemLinks}
       where ${projectItemLinks.orgId} = ${orgId} and ${projectItemLinks.fromItemId} = ${from}
         and ${projectItemLinks.kind} = 'depends_on'
      union
      select l.to_item_id from ${projectItemLinks} l join reach r on l.from_item_id = r.id
       where l.org_id = ${orgId} and l.kind = 'depends_on'
    )
    select exists (select 1 from reach where id = ${to}) as found`)) as unknown as {
    rows: { found: boolean }[];
  };
  return result.rows[0]?.found === true;
}

/**
 * Dated live items, earliest first, and the dependencies between them: the timeline / Gantt.
 * At most `limit` items; `truncated` says whether more were left out.
 */
export async function listTimeline(
  db: Executor,
  params: { orgId: string; projectId: string; limit: number },
) {
  const dated = sql`coalesce(${datesOf}) is not null`;
  const where = and(
    eq(items.orgId, params.orgId),
    eq(items.projectId, params.projectId),
    isNull(items.deletedAt),
    dated,
  );
  const rows = await db
    .select(itemColumns)
    .from(items)
    .leftJoin(assignee, eq(assignee.id, items.assigneeId))
    .where(where)
    .orderBy(sql`least(${datesOf}) asc`, asc(items.number))
    // One more than shown: whether it came back is whether anything was left out.
    .limit(params.limit + 1);
  const truncated = rows.length > params.limit;
  if (truncated) rows.pop();
  const ids = rows.map((row) => row.id);
  const dependencies =
    ids.length === 0
      ? []
      : await db
          .select({
            id: projectItemLinks.id,
            fromItemId: projectItemLinks.fromItemId,
            toItemId: projectItemLinks.toItemId,
          })
          .from(projectItemLinks)
          .where(
            and(
              eq(projectItemLinks.orgId, params.orgId),
              eq(projectItemLinks.kind, "depends_on"),
              inArray(projectItemLinks.fromItemId, ids),
              inArray(projectItemLinks.toItemId, ids),
            ),
          );
  return { rows, dependencies, truncated };
}

// Comments ---------------------------------------------------------------------------------

const commentColumns = {
  id: projectItemComments.id,
  itemId: projectItemComments.itemId,
  authorId: projectItemComments.authorId,
  authorName: users.name,
  body: projectItemComments.body,
  deletedAt: projectItemComments.deletedAt,
  createdAt: projectItemComments.createdAt,
  updatedAt: projectItemComments.updatedAt,
};

export async function listComments(db: Executor, orgId: string, itemId: string, page: PageRequest) {
  const where = and(
    eq(projectItemComments.orgId, orgId),
    eq(projectItemComments.itemId, itemId),
    isNull(projectItemComments.deletedAt),
  );
  const [rows, [totals]] = await Promise.all([
    db
      .select(commentColumns)
      .from(projectItemComments)
      .leftJoin(users, eq(users.id, projectItemComments.authorId))
      .where(where)
      .orderBy(asc(projectItemComments.createdAt), asc(projectItemComments.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(projectItemComments).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** A live comment of an item, or a deleted one too with `withDeleted` (to restore it). */
export async function getComment(
  db: Executor,
  orgId: string,
  itemId: string,
  id: string,
  options: { withDeleted?: boolean } = {},
) {
  const [row] = await db
    .select(commentColumns)
    .from(projectItemComments)
    .leftJoin(users, eq(users.id, projectItemComments.authorId))
    .where(
      and(
        eq(projectItemComments.orgId, orgId),
        eq(projectItemComments.itemId, itemId),
        eq(projectItemComments.id, id),
        options.withDeleted ? undefined : isNull(projectItemComments.deletedAt),
      ),
    )
    .limit(1);
  return row;
}

export async function createComment(
  db: Executor,
  values: { orgId: string; itemId: string; authorId: string | null; body: string },
) {
  const [row] = await db.insert(projectItemComments).values(values).returning({ id: projectItemComments.id });
  return row!.id;
}

/** Soft-deletes a comment (a date) or restores it (null). */
export async function setCommentDeletedAt(db: Executor, orgId: string, id: string, deletedAt: Date | null) {
  await db
    .update(projectItemComments)
    .set({ deletedAt })
    .where(and(eq(projectItemComments.orgId, orgId), eq(projectItemComments.id, id)));
}

// Attachments ------------------------------------------------------------------------------

const attachmentColumns = {
  id: projectItemAttachments.id,
  itemId: projectItemAttachments.itemId,
  storageKey: projectItemAttachments.storageKey,
  fileName: projectItemAttachments.fileName,
  contentType: projectItemAttachments.contentType,
  sizeBytes: projectItemAttachments.sizeBytes,
  uploadedBy: projectItemAttachments.uploadedBy,
  uploaderName: users.name,
  deletedAt: projectItemAttachments.deletedAt,
  createdAt: projectItemAttachments.createdAt,
};

export type AttachmentRow = {
  id: string;
  itemId: string;
  storageKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string | null;
  uploaderName: string | null;
  deletedAt: Date | null;
  createdAt: Date;
};

export async function listAttachments(db: Executor, orgId: string, itemId: string): Promise<AttachmentRow[]> {
  return db
    .select(attachmentColumns)
    .from(projectItemAttachments)
    .leftJoin(users, eq(users.id, projectItemAttachments.uploadedBy))
    .where(
      and(
        eq(projectItemAttachments.orgId, orgId),
        eq(projectItemAttachments.itemId, itemId),
        isNull(projectItemAttachments.deletedAt),
      ),
    )
    .orderBy(asc(projectItemAttachments.createdAt), asc(projectItemAttachments.id));
}

/** A live attachment of an item, or a deleted one too with `withDeleted` (to restore it). */
export async function getAttachment(
  db: Executor,
  orgId: string,
  itemId: string,
  id: string,
  options: { withDeleted?: boolean } = {},
): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select(attachmentColumns)
    .from(projectItemAttachments)
    .leftJoin(users, eq(users.id, projectItemAttachments.uploadedBy))
    .where(
      and(
        eq(projectItemAttachments.orgId, orgId),
        eq(projectItemAttachments.itemId, itemId),
        eq(projectItemAttachments.id, id),
        options.withDeleted ? undefined : isNull(projectItemAttachments.deletedAt),
      ),
    )
    .limit(1);
  return row;
}

export async function createAttachment(
  db: Executor,
  values: {
    orgId: string;
    itemId: string;
    storageKey: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    uploadedBy: string | null;
  },
) {
  const [row] = await db
    .insert(projectItemAttachments)
    .values(values)
    .returning({ id: projectItemAttachments.id });
  return row!.id;
}

/** Soft-deletes an attachment's record (a date) or restores it (null); the file stays stored. */
export async function setAttachmentDeletedAt(
  db: Executor,
  orgId: string,
  id: string,
  deletedAt: Date | null,
) {
  await db
    .update(projectItemAttachments)
    .set({ deletedAt })
    .where(and(eq(projectItemAttachments.orgId, orgId), eq(projectItemAttachments.id, id)));
}

export async function countItemChildren(db: Executor, orgId: string, itemId: string) {
  const [row] = await db
    .select({
      comments: sql<number>`(select count(*)::int from ${projectItemComments} where ${projectItemComments.orgId} = ${orgId} and ${projectItemComments.itemId} = ${itemId} and ${projectItemComments.deletedAt} is null)`,
      attachments: sql<number>`(select count(*)::int from ${projectItemAttachments} where ${projectItemAttachments.orgId} = ${orgId} and ${projectItemAttachments.itemId} = ${itemId} and ${projectItemAttachments.deletedAt} is null)`,
    })
    .from(sql`(select 1) as one`);
  return row ?? { comments: 0, attachments: 0 };
}

/** Live items of a project with these ids (to validate references such as timesheet lines). */
export async function countLiveItems(db: Executor, orgId: string, projectId: string, ids: string[]) {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ total: count() })
    .from(items)
    .where(
      and(
        eq(items.orgId, orgId),
        eq(items.projectId, projectId),
        inArray(items.id, ids),
        isNull(items.deletedAt),
      ),
    );
  return row?.total ?? 0;
}
