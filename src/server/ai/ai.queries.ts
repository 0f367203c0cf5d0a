import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  max,
  min,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { AiTask } from "../../core/ai-routing/tasks";
import { type Executor, selectRows } from "../db";
import {
  aiBudgets,
  aiInteractions,
  aiModels,
  aiMonthlySpend,
  aiProviderCredentials,
  aiResponseCache,
  aiRoutes,
  aiSettings,
  aiUserBudgets,
  memberships,
  users,
} from "../db/schema";
import type { PageRequest } from "../http";

// The only file of the gateway that touches its tables. Every function filters on org_id
// even though row-level security would also confine it.

export type CredentialRow = typeof aiProviderCredentials.$inferSelect;
export type NewInteraction = typeof aiInteractions.$inferInsert;
export type SettingsRow = typeof aiSettings.$inferSelect;
export type BudgetRow = typeof aiBudgets.$inferSelect;

/** The columns an API may show: never the sealed secret. */
const publicCredentialColumns = {
  id: aiProviderCredentials.id,
  provider: aiProviderCredentials.provider,
  name: aiProviderCredentials.name,
  label: aiProviderCredentials.label,
  baseUrl: aiProviderCredentials.baseUrl,
  region: aiProviderCredentials.region,
  apiKeyHeader: aiProviderCredentials.apiKeyHeader,
  secretHint: aiProviderCredentials.secretHint,
  createdAt: aiProviderCredentials.createdAt,
  updatedAt: aiProviderCredentials.updatedAt,
};

export type PublicCredential = Pick<CredentialRow, keyof typeof publicCredentialColumns>;

const modelColumns = {
  id: aiModels.id,
  provider: aiModels.provider,
  modelId: aiModels.modelId,
  kind: aiModels.kind,
  label: aiModels.label,
  inputUsdPerMTok: aiModels.inputUsdPerMTok,
  outputUsdPerMTok: aiModels.outputUsdPerMTok,
  contextTokens: aiModels.contextTokens,
  enabled: aiModels.enabled,
};

export type OrgModelRow = Pick<typeof aiModels.$inferSelect, keyof typeof modelColumns>;

// --- What one gateway call needs to know about the org -------------------------------------

export interface OrgAiRows {
  settings: SettingsRow | undefined;
  routes: { task: AiTask; modelRefs: string[] }[];
  models: OrgModelRow[];
  credentials: CredentialRow[];
  budget: BudgetRow | undefined;
  userBudgets: { userId: string; monthlyLimitMicroUsd: number }[];
}

export async function loadOrgAiRows(db: Executor, orgId: string): Promise<OrgAiRows> {
  const settings = await db.select().from(aiSettings).where(eq(aiSettings.orgId, orgId)).limit(1);
  const routes = await db
    .select({ task: aiRoutes.task, modelRefs: aiRoutes.modelRefs })
    .from(aiRoutes)
    .where(eq(aiRoutes.orgId, orgId));
  const models = await db.select(modelColumns).from(aiModels).where(eq(aiModels.orgId, orgId));
  const credentials = await db
    .select()
    .from(aiProviderCredentials)
    .where(eq(aiProviderCredentials.orgId, orgId));
  const budget = await db.select().from(aiBudgets).where(eq(aiBudgets.orgId, orgId)).limit(1);
  const userBudgets = await db
    .select({ userId: aiUserBudgets.userId, monthlyLimitMicroUsd: aiUserBudgets.monthlyLimitMicroUsd })
    .from(aiUserBudgets)
    .where(eq(aiUserBudgets.orgId, orgId));
  return { settings: settings[0], routes, models, credentials, budget: budget[0], userBudgets };
}

// --- Spending -------------------------------------------------------------------------------

export async function getMonthlySpend(
  db: Executor,
  params: { orgId: string; month: string; userId: string | null },
): Promise<{ orgMicroUsd: number; userMicroUsd: number }> {
  const [row] = await db
    .select({
      org: sql<string>`coalesce(sum(${aiMonthlySpend.costMicroUsd}), 0)`,
      user: sql<string>`coalesce(sum(${aiMonthlySpend.costMicroUsd}) filter (where ${aiMonthlySpend.userId} is not distinct from ${params.userId}::uuid), 0)`,
    })
    .from(aiMonthlySpend)
    .where(and(eq(aiMonthlySpend.orgId, params.orgId), eq(aiMonthlySpend.month, params.month)));
  return { orgMicroUsd: Number(row?.org ?? 0), userMicroUsd: Number(row?.user ?? 0) };
}

/**
 * Writes one call's interaction row and adds it to the month's running totals in a single
 * statement: this runs for every call, so one round trip rather than two.
 */
export async function recordInteraction(
  db: Executor,
  interaction: NewInteraction,
  month: string,
): Promise<void> {
  const insertInteraction = db.insert(aiInteractions).values(interaction);
  const addToMonth = db
    .insert(aiMonthlySpend)
    .values({
      orgId: interaction.orgId,
      month,
      userId: interaction.userId ?? null,
      costMicroUsd: interaction.costMicroUsd ?? 0,
      inputTokens: interaction.inputTokens ?? 0,
      outputTokens: interaction.outputTokens ?? 0,
      calls: 1,
    })
    .onConflictDoUpdate({
      target: [aiMonthlySpend.orgId, aiMonthlySpend.month, aiMonthlySpend.userId],
      set: {
        costMicroUsd: sql`${aiMonthlySpend.costMicroUsd} + excluded.cost_micro_usd`,
        inputTokens: sql`${aiMonthlySpend.inputTokens} + excluded.input_tokens`,
        outputTokens: sql`${aiMonthlySpend.outputTokens} + excluded.output_tokens`,
        calls: sql`${aiMonthlySpend.calls} + 1`,
        updatedAt: sql`now()`,
      },
    });
  await db.execute(sql`with interaction as (${insertInteraction.getSQL()}) ${addToMonth.getSQL()}`);
}

// --- Response cache -------------------------------------------------------------------------

export async function getCachedResponse(
  db: Executor,
  params: { orgId: string; keyHash: string; now: Date },
): Promise<unknown | undefined> {
  const [row] = await db
    .select({ response: aiResponseCache.response })
    .from(aiResponseCache)
    .where(
      and(
        eq(aiResponseCache.orgId, params.orgId),
        eq(aiResponseCache.keyHash, params.keyHash),
        gte(aiResponseCache.expiresAt, params.now),
      ),
    )
    .limit(1);
  return row?.response;
}

export async function putCachedResponse(
  db: Executor,
  entry: { orgId: string; keyHash: string; modelRef: string; response: unknown; expiresAt: Date },
): Promise<void> {
  await db
    .insert(aiResponseCache)
    .values(entry)
    .onConflictDoUpdate({
      target: [aiResponseCache.orgId, aiResponseCache.keyHash],
      set: {
        response: entry.response,
        modelRef: entry.modelRef,
        expiresAt: entry.expiresAt,
        createdAt: sql`now()`,
      },
    });
}

/** Maintenance across all orgs (runs as the owner, outside any tenant). */
export async function deleteExpiredCachedResponses(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .delete(aiResponseCache)
    .where(lt(aiResponseCache.expiresAt, now))
    .returning({ id: aiResponseCache.id });
  return rows.length;
}

// --- Credentials ----------------------------------------------------------------------------

export function listCredentials(db: Executor, orgId: string): Promise<PublicCredential[]> {
  return db
    .select(publicCredentialColumns)
    .from(aiProviderCredentials)
    .where(eq(aiProviderCredentials.orgId, orgId))
    .orderBy(asc(aiProviderCredentials.name));
}

export async function getCredentialByName(
  db: Executor,
  orgId: string,
  name: string,
): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select()
    .from(aiProviderCredentials)
    .where(and(eq(aiProviderCredentials.orgId, orgId), eq(aiProviderCredentials.name, name)))
    .limit(1);
  return row;
}

export async function getCredential(
  db: Executor,
  orgId: string,
  id: string,
): Promise<PublicCredential | undefined> {
  const [row] = await db
    .select(publicCredentialColumns)
    .from(aiProviderCredentials)
    .where(and(eq(aiProviderCredentials.orgId, orgId), eq(aiProviderCredentials.id, id)))
    .limit(1);
  return row;
}

export async function createCredential(
  db: Executor,
  values: typeof aiProviderCredentials.$inferInsert,
): Promise<PublicCredential> {
  const [row] = await db.insert(aiProviderCredentials).values(values).returning(publicCredentialColumns);
  return row!;
}

export async function updateCredential(
  db: Executor,
  orgId: string,
  id: string,
  patch: Partial<typeof aiProviderCredentials.$inferInsert>,
): Promise<PublicCredential | undefined> {
  const [row] = await db
    .update(aiProviderCredentials)
    .set(patch)
    .where(and(eq(aiProviderCredentials.orgId, orgId), eq(aiProviderCredentials.id, id)))
    .returning(publicCredentialColumns);
  return row;
}

export async function deleteCredential(db: Executor, orgId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(aiProviderCredentials)
    .where(and(eq(aiProviderCredentials.orgId, orgId), eq(aiProviderCredentials.id, id)))
    .returning({ id: aiProviderCredentials.id });
  return rows.length > 0;
}

/** Startup check across all orgs: any stored key at all, and the newest one to test-decrypt. */
export async function getNewestCredential(db: Executor): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select()
    .from(aiProviderCredentials)
    .orderBy(desc(aiProviderCredentials.createdAt))
    .limit(1);
  return row;
}

// --- Catalog --------------------------------------------------------------------------------

export function listOrgModels(db: Executor, orgId: string): Promise<OrgModelRow[]> {
  return db
    .select(modelColumns)
    .from(aiModels)
    .where(eq(aiModels.orgId, orgId))
    .orderBy(asc(aiModels.provider), asc(aiModels.modelId));
}

export async function getOrgModel(
  db: Executor,
  orgId: string,
  provider: string,
  modelId: string,
): Promise<OrgModelRow | undefined> {
  const [row] = await db
    .select(modelColumns)
    .from(aiModels)
    .where(and(eq(aiModels.orgId, orgId), eq(aiModels.provider, provider), eq(aiModels.modelId, modelId)))
    .limit(1);
  return row;
}

export async function upsertOrgModel(
  db: Executor,
  values: Omit<typeof aiModels.$inferInsert, "id" | "createdAt" | "updatedAt">,
): Promise<OrgModelRow> {
  const [row] = await db
    .insert(aiModels)
    .values(values)
    .onConflictDoUpdate({
      target: [aiModels.orgId, aiModels.provider, aiModels.modelId],
      set: {
        kind: values.kind,
        label: values.label,
        inputUsdPerMTok: values.inputUsdPerMTok,
        outputUsdPerMTok: values.outputUsdPerMTok,
        contextTokens: values.contextTokens,
        enabled: values.enabled ?? true,
        updatedAt: sql`now()`,
      },
    })
    .returning(modelColumns);
  return row!;
}

export async function deleteOrgModel(
  db: Executor,
  orgId: string,
  provider: string,
  modelId: string,
): Promise<boolean> {
  const rows = await db
    .delete(aiModels)
    .where(and(eq(aiModels.orgId, orgId), eq(aiModels.provider, provider), eq(aiModels.modelId, modelId)))
    .returning({ id: aiModels.id });
  return rows.length > 0;
}

// --- Routes ---------------------------------------------------------------------------------

export function listRoutes(db: Executor, orgId: string) {
  return db
    .select({ task: aiRoutes.task, modelRefs: aiRoutes.modelRefs, updatedAt: aiRoutes.updatedAt })
    .from(aiRoutes)
    .where(eq(aiRoutes.orgId, orgId));
}

export async function upsertRoute(db: Executor, orgId: string, task: AiTask, modelRefs: string[]) {
  const [row] = await db
    .insert(aiRoutes)
    .values({ orgId, task, modelRefs })
    .onConflictDoUpdate({
      target: [aiRoutes.orgId, aiRoutes.task],
      set: { modelRefs, updatedAt: sql`now()` },
    })
    .returning({ task: aiRoutes.task, modelRefs: aiRoutes.modelRefs, updatedAt: aiRoutes.updatedAt });
  return row!;
}

export async function deleteRoute(db: Executor, orgId: string, task: AiTask): Promise<boolean> {
  const rows = await db
    .delete(aiRoutes)
    .where(and(eq(aiRoutes.orgId, orgId), eq(aiRoutes.task, task)))
    .returning({ id: aiRoutes.id });
  return rows.length > 0;
}

// --- Budgets --------------------------------------------------------------------------------

export async function getBudget(db: Executor, orgId: string): Promise<BudgetRow | undefined> {
  const [row] = await db.select().from(aiBudgets).where(eq(aiBudgets.orgId, orgId)).limit(1);
  return row;
}

export async function upsertBudget(
  db: Executor,
  values: {
    orgId: string;
    monthlyLimitMicroUsd: number | null;
    userMonthlyLimitMicroUsd: number | null;
    alertPercent: number;
  },
): Promise<BudgetRow> {
  const [row] = await db
    .insert(aiBudgets)
    .values(values)
    .onConflictDoUpdate({
      target: aiBudgets.orgId,
      set: {
        monthlyLimitMicroUsd: values.monthlyLimitMicroUsd,
        userMonthlyLimitMicroUsd: values.userMonthlyLimitMicroUsd,
        alertPercent: values.alertPercent,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

export function listUserBudgets(db: Executor, orgId: string) {
  return db
    .select({
      userId: aiUserBudgets.userId,
      name: users.name,
      email: users.email,
      monthlyLimitMicroUsd: aiUserBudgets.monthlyLimitMicroUsd,
      updatedAt: aiUserBudgets.updatedAt,
    })
    .from(aiUserBudgets)
    .leftJoin(users, eq(users.id, aiUserBudgets.userId))
    .where(eq(aiUserBudgets.orgId, orgId))
    .orderBy(asc(users.name));
}

/** Each user's spend in the org for one month (`YYYY-MM`), in micro-dollars. */
export function listUserSpend(db: Executor, orgId: string, month: string) {
  return db
    .select({ userId: aiMonthlySpend.userId, costMicroUsd: aiMonthlySpend.costMicroUsd })
    .from(aiMonthlySpend)
    .where(and(eq(aiMonthlySpend.orgId, orgId), eq(aiMonthlySpend.month, month)));
}

export async function getUserBudget(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select({ userId: aiUserBudgets.userId, monthlyLimitMicroUsd: aiUserBudgets.monthlyLimitMicroUsd })
    .from(aiUserBudgets)
    .where(and(eq(aiUserBudgets.orgId, orgId), eq(aiUserBudgets.userId, userId)))
    .limit(1);
  return row;
}

export async function upsertUserBudget(
  db: Executor,
  values: { orgId: string; userId: string; monthlyLimitMicroUsd: number },
) {
  const [row] = await db
    .insert(aiUserBudgets)
    .values(values)
    .onConflictDoUpdate({
      target: [aiUserBudgets.orgId, aiUserBudgets.userId],
      set: { monthlyLimitMicroUsd: values.monthlyLimitMicroUsd, updatedAt: sql`now()` },
    })
    .returning({ userId: aiUserBudgets.userId, monthlyLimitMicroUsd: aiUserBudgets.monthlyLimitMicroUsd });
  return row!;
}

export async function deleteUserBudget(db: Executor, orgId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(aiUserBudgets)
    .where(and(eq(aiUserBudgets.orgId, orgId), eq(aiUserBudgets.userId, userId)))
    .returning({ id: aiUserBudgets.id });
  return rows.length > 0;
}

// --- Settings -------------------------------------------------------------------------------

export async function getSettings(db: Executor, orgId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.orgId, orgId)).limit(1);
  return row;
}

export async function upsertSettings(
  db: Executor,
  values: Pick<
    typeof aiSettings.$inferInsert,
    | "orgId"
    | "sanitiserEnabled"
    | "glossary"
    | "transcriptRetentionDays"
    | "rateLimitPerMinute"
    | "responseCacheTtlSeconds"
  >,
): Promise<SettingsRow> {
  const { orgId: _orgId, ...patch } = values;
  const [row] = await db
    .insert(aiSettings)
    .values(values)
    .onConflictDoUpdate({ target: aiSettings.orgId, set: { ...patch, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/** Maintenance across all orgs: each org's own transcript retention, where it set one. */
export function listTranscriptRetention(db: Executor) {
  return db
    .select({ orgId: aiSettings.orgId, days: aiSettings.transcriptRetentionDays })
    .from(aiSettings)
    .where(sql`${aiSettings.transcriptRetentionDays} is not null`);
}

// --- Usage ----------------------------------------------------------------------------------

/** Names for the user ids a usage report mentions (people who have left keep their name). */
export function listUserNames(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, userIds));
}

export interface UsageFilter {
  orgId: string;
  from: Date;
  to: Date;
  userId?: string;
  feature?: string;
  task?: AiTask;
  provider?: string;
  model?: string;
  status?: "success" | "error" | "aborted";
}

function usageWhere(filter: UsageFilter): SQL {
  const conditions: SQL[] = [
    eq(aiInteractions.orgId, filter.orgId),
    gte(aiInteractions.createdAt, filter.from),
    lt(aiInteractions.createdAt, filter.to),
  ];
  if (filter.userId) conditions.push(eq(aiInteractions.userId, filter.userId));
  if (filter.feature) conditions.push(eq(aiInteractions.feature, filter.feature));
  if (filter.task) conditions.push(eq(aiInteractions.task, filter.task));
  if (filter.provider) conditions.push(eq(aiInteractions.provider, filter.provider));
  if (filter.model) conditions.push(eq(aiInteractions.model, filter.model));
  if (filter.status) conditions.push(eq(aiInteractions.status, filter.status));
  return and(...conditions)!;
}

interface AggregateRow {
  calls: string | number;
  cost: string | number;
  input_tokens: string | number;
  output_tokens: string | number;
  errors: string | number;
  fallbacks: string | number;
  cache_hits: string | number;
  latency_p50: number | null;
  latency_p95: number | null;
  ttft_p50: number | null;
  ttft_p95: number | null;
}

const aggregates = sql`
  count(*) as calls,
  coalesce(sum(cost_micro_usd), 0) as cost,
  coalesce(sum(input_tokens), 0) as input_tokens,
  coalesce(sum(output_tokens), 0) as output_tokens,
  count(*) filter (where status = 'error') as errors,
  count(*) filter (where fallback_used) as fallbacks,
  count(*) filter (where cache_hit) as cache_hits,
  percentile_cont(0.5) within group (order by latency_ms) as latency_p50,
  percentile_cont(0.95) within group (order by latency_ms) as latency_p95,
  percentile_cont(0.5) within group (order by time_to_first_token_ms) as ttft_p50,
  percentile_cont(0.95) within group (order by time_to_first_token_ms) as ttft_p95`;

export interface UsageAggregate {
  calls: number;
  costMicroUsd: number;
  inputTokens: number;
  outputTokens: number;
  errors: number;
  fallbacks: number;
  cacheHits: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  timeToFirstTokenP50Ms: number | null;
  timeToFirstTokenP95Ms: number | null;
}

const roundOrNull = (value: number | string | null) => (value === null ? null : Math.round(Number(value)));

function toAggregate(row: AggregateRow | undefined): UsageAggregate {
  return {
    calls: Number(row?.calls ?? 0),
    costMicroUsd: Number(row?.cost ?? 0),
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    errors: Number(row?.errors ?? 0),
    fallbacks: Number(row?.fallbacks ?? 0),
    cacheHits: Number(row?.cache_hits ?? 0),
    latencyP50Ms: roundOrNull(row?.latency_p50 ?? null),
    latencyP95Ms: roundOrNull(row?.latency_p95 ?? null),
    timeToFirstTokenP50Ms: roundOrNull(row?.ttft_p50 ?? null),
    timeToFirstTokenP95Ms: roundOrNull(row?.ttft_p95 ?? null),
  };
}

export async function usageTotals(db: Executor, filter: UsageFilter): Promise<UsageAggregate> {
  const [row] = await selectRows<AggregateRow>(
    db,
    sql`select ${aggregates} from ${aiInteractions} where ${usageWhere(filter)}`,
  );
  return toAggregate(row);
}

export type UsageDimension = "model" | "user" | "feature" | "task";

const dimensionKey: Record<UsageDimension, SQL> = {
  model: sql`provider || ':' || model`,
  user: sql`coalesce(user_id::text, '')`,
  feature: sql`feature`,
  task: sql`task`,
};

export async function usageBreakdown(
  db: Executor,
  filter: UsageFilter,
  dimension: UsageDimension,
): Promise<(UsageAggregate & { key: string })[]> {
  const key = dimensionKey[dimension];
  const rows = await selectRows<AggregateRow & { key: string }>(
    db,
    sql`select ${key} as key, ${aggregates} from ${aiInteractions} where ${usageWhere(filter)}
        group by 1 order by cost desc, calls desc, key asc`,
  );
  return rows.map((row) => ({ key: row.key, ...toAggregate(row) }));
}

export async function usageSeries(
  db: Executor,
  filter: UsageFilter,
  interval: "hour" | "day",
  dimension: UsageDimension | null,
): Promise<(UsageAggregate & { bucket: Date; key: string | null })[]> {
  const key = dimension ? dimensionKey[dimension] : sql`null`;
  const rows = await selectRows<AggregateRow & { bucket: string | Date; key: string | null }>(
    db,
    sql`select date_trunc(${interval}, created_at, 'UTC') as bucket, ${key} as key, ${aggregates}
        from ${aiInteractions} where ${usageWhere(filter)}
        group by 1, 2 order by 1 asc, cost desc`,
  );
  return rows.map((row) => ({ bucket: new Date(row.bucket), key: row.key, ...toAggregate(row) }));
}

export async function listInteractions(db: Executor, filter: UsageFilter, page: PageRequest) {
  const where = usageWhere(filter);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: aiInteractions.id,
        userId: aiInteractions.userId,
        userName: users.name,
        feature: aiInteractions.feature,
        task: aiInteractions.task,
        provider: aiInteractions.provider,
        model: aiInteractions.model,
        streamed: aiInteractions.streamed,
        inputTokens: aiInteractions.inputTokens,
        outputTokens: aiInteractions.outputTokens,
        costMicroUsd: aiInteractions.costMicroUsd,
        latencyMs: aiInteractions.latencyMs,
        timeToFirstTokenMs: aiInteractions.timeToFirstTokenMs,
        status: aiInteractions.status,
        errorCode: aiInteractions.errorCode,
        errorMessage: aiInteractions.errorMessage,
        cacheHit: aiInteractions.cacheHit,
        fallbackUsed: aiInteractions.fallbackUsed,
        offline: aiInteractions.offline,
        attempts: aiInteractions.attempts,
        sessionId: aiInteractions.sessionId,
        createdAt: aiInteractions.createdAt,
      })
      .from(aiInteractions)
      .leftJoin(users, eq(users.id, aiInteractions.userId))
      .where(where)
      .orderBy(desc(aiInteractions.createdAt), desc(aiInteractions.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(aiInteractions).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

// --- Budget alerts ----------------------------------------------------------------------------

/** Who hears of an org's budget alert: its owners and admins, and the person whose budget it is. */
export async function listBudgetAlertRecipients(db: Executor, orgId: string, userId: string | null) {
  return db
    .select({ userId: memberships.userId, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        or(
          inArray(memberships.role, ["owner", "admin"]),
          userId ? eq(memberships.userId, userId) : undefined,
        ),
      ),
    );
}

// --- Transcripts ------------------------------------------------------------------------------

/**
 * The sessions that have transcripts, one row per session and person, newest activity first:
 * read from the interaction rows (which carry the session id), so listing never walks the
 * transcript store. Counts are of calls, failed ones included (those store no exchange).
 */
export async function listTranscriptSessions(
  db: Executor,
  params: { orgId: string; since: Date; userId?: string; feature?: string; page: PageRequest },
) {
  const where = and(
    eq(aiInteractions.orgId, params.orgId),
    isNotNull(aiInteractions.sessionId),
    gte(aiInteractions.createdAt, params.since),
    params.userId ? eq(aiInteractions.userId, params.userId) : undefined,
    params.feature ? eq(aiInteractions.feature, params.feature) : undefined,
  );
  const lastAt = max(aiInteractions.createdAt);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        sessionId: sql<string>`${aiInteractions.sessionId}`,
        userId: aiInteractions.userId,
        userName: users.name,
        features: sql<string[]>`array_agg(distinct ${aiInteractions.feature})`,
        calls: count(),
        failed: sql<number>`(count(*) filter (where ${aiInteractions.status} <> 'success'))::int`,
        firstAt: sql<Date>`${min(aiInteractions.createdAt)}`.mapWith(aiInteractions.createdAt),
        lastAt: sql<Date>`${lastAt}`.mapWith(aiInteractions.createdAt),
      })
      .from(aiInteractions)
      .leftJoin(users, eq(users.id, aiInteractions.userId))
      .where(where)
      .groupBy(aiInteractions.sessionId, aiInteractions.userId, users.name)
      .orderBy(desc(lastAt), asc(aiInteractions.sessionId))
      .limit(params.page.limit)
      .offset(params.page.offset),
    db
      .select({ total: count() })
      .from(
        db
          .select({ sessionId: aiInteractions.sessionId })
          .from(aiInteractions)
          .where(where)
          .groupBy(aiInteractions.sessionId, aiInteractions.userId)
          .as("sessions"),
      ),
  ]);
  return { rows, total: totals?.total ?? 0 };
}
