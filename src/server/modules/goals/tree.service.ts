import type { IsoDate } from "../../../core/calendar";
import { bySortOrder } from "../../../core/okr";
import type { Transaction } from "../../db";
import { AppError, type OrgScope } from "../../http";
import { buildNodes, etagMatches, treeEtag } from "./cache-update";
import type { GoalsContext } from "./context";
import { type CycleRow, getCurrentCycle, getCycle } from "./cycles.queries";
import { toCycle, toTreeObjective } from "./goals.schemas";
import { getRevision, listVisibleObjectives, type Viewer } from "./objectives.queries";

type TreeObjectives = Awaited<ReturnType<typeof buildNodes>>["tree"];

export type TreeResult =
  | { notModified: true; etag: string }
  | {
      notModified: false;
      etag: string;
      revision: number;
      cycle: CycleRow | null;
      objectives: TreeObjectives;
    };

/** The tree as GET /goals/tree sends it: the serialized `{ data }` envelope. */
export type TreeBodyResult =
  | { notModified: true; etag: string }
  | { notModified: false; etag: string; body: string };

/**
 * Memory for serialized trees: three quarters for objective nodes (shared by everyone who
 * sees them), a quarter for whole bodies by ETag (a reload or another tab at the same revision).
 */
export const TREE_CACHE_BYTES = 64 * 1024 * 1024;

/** A string cache bounded by size, least recently used first out. */
export function createStringCache(maxBytes: number) {
  const values = new Map<string, string>();
  let bytes = 0;
  return {
    get(key: string): string | undefined {
      const value = values.get(key);
      if (value !== undefined) {
        values.delete(key);
        values.set(key, value);
      }
      return value;
    },
    set(key: string, value: string) {
      // UTF-16 length as the size: close enough for a budget.
      if (value.length > maxBytes || values.has(key)) return;
      values.set(key, value);
      bytes += value.length;
      for (const [oldest, old] of values) {
        if (bytes <= maxBytes) break;
        values.delete(oldest);
        bytes -= old.length;
      }
    },
  };
}

/**
 * What an objective's serialized tree node depends on, and nothing else: the last write to its
 * subtree, the viewer's access (the only per-person field), its cycle as of its last change
 * (dates and closing move pace and final scores) and the day (pace, staleness). Equal keys name
 * equal nodes whoever asks, so a key is never invalidated, only forgotten.
 */
function nodeKey(
  objective: { id: string; subtreeRevision: number; accessLevel: number; updatedAt: Date },
  cycle: CycleRow,
  today: IsoDate,
): string {
  return [
    objective.id,
    objective.subtreeRevision,
    objective.updatedAt.getTime(),
    objective.accessLevel,
    cycle.id,
    cycle.updatedAt.getTime(),
    today,
  ].join("|");
}

/**
 * mainTree: everything a person sees in one cycle (their own objectives, those shared with
 * them or their groups, and org-visible ones) with key results and tasks, in one response.
 * When the client's ETag still matches: two queries and no body. Otherwise the visible
 * objectives are listed and each one's serialized node is taken from memory when nothing under
 * it changed since it was built; key results and tasks are read and rolled up only for the
 * rest, so a write rebuilds the nodes it touched, not the tree. A body already built for this
 * ETag (an ETag names exactly one tree) is sent again as it is.
 */
export function createTreeService(context: GoalsContext, options: { cacheBytes?: number } = {}) {
  const cacheBytes = options.cacheBytes ?? TREE_CACHE_BYTES;
  const nodes = createStringCache(Math.floor(cacheBytes * 0.75));
  const bodies = createStringCache(Math.floor(cacheBytes * 0.25));

  async function locate(
    tx: Transaction,
    scope: OrgScope,
    viewer: Viewer,
    cycleId: string | undefined,
  ): Promise<{ revision: number; cycle: CycleRow | null; etag: string; today: IsoDate }> {
    const today = context.today();
    // The revision is read first: a write landing mid-read can only make the body newer
    // than its ETag (costing one extra refetch later), never older.
    const revision = await getRevision(tx, scope.orgId);
    const cycle = cycleId
      ? await getCycle(tx, scope.orgId, cycleId)
      : await getCurrentCycle(tx, scope.orgId, today);
    if (cycleId && !cycle) throw new AppError("NOT_FOUND", { message: "No such cycle" });
    const etag = treeEtag({
      revision,
      userId: viewer.userId,
      cycleId: cycle?.id ?? null,
      groupIds: viewer.groupIds,
      seesOrgVisible: viewer.seesOrgVisible,
      today,
    });
    return { revision, cycle: cycle ?? null, etag, today };
  }

  async function build(
    tx: Transaction,
    scope: OrgScope,
    viewer: Viewer,
    cycle: CycleRow | null,
    today: IsoDate,
  ) {
    if (!cycle) return [];
    const objectives = await listVisibleObjectives(tx, { orgId: scope.orgId, cycleId: cycle.id, viewer });
    return (await buildNodes(tx, { orgId: scope.orgId, objectives, today })).tree;
  }

  /** Each visible objective's serialized node, in tree order, built only where not in memory. */
  async function serializedNodes(
    tx: Transaction,
    scope: OrgScope,
    viewer: Viewer,
    cycle: CycleRow | null,
    today: IsoDate,
  ): Promise<string[]> {
    if (!cycle) return [];
    const visible = await listVisibleObjectives(tx, { orgId: scope.orgId, cycleId: cycle.id, viewer });
    const ordered = visible.sort(bySortOrder).map((objective) => {
      const key = nodeKey(objective, cycle, today);
      return { objective, key, node: nodes.get(key) };
    });
    const missing = ordered.filter((entry) => entry.node === undefined);
    if (missing.length > 0) {
      const built = new Map(
        (
          await buildNodes(tx, {
            orgId: scope.orgId,
            objectives: missing.map((entry) => entry.objective),
            today,
          })
        ).tree.map((node) => [node.id, JSON.stringify(toTreeObjective(node))]),
      );
      for (const entry of missing) {
        entry.node = built.get(entry.objective.id)!;
        nodes.set(entry.key, entry.node);
      }
    }
    return ordered.map((entry) => entry.node!);
  }

  return {
    /** The tree as data (for other services, e.g. the coach's context). */
    get: (scope: OrgScope, options: { cycleId?: string; ifNoneMatch?: string }): Promise<TreeResult> =>
      context.run(scope, async (tx, viewer) => {
        const { revision, cycle, etag, today } = await locate(tx, scope, viewer, options.cycleId);
        if (etagMatches(options.ifNoneMatch, etag)) return { notModified: true, etag };
        return {
          notModified: false,
          etag,
          revision,
          cycle,
          objectives: await build(tx, scope, viewer, cycle, today),
        };
      }),

    /** The tree as the API sends it, serialized from its objectives' nodes. */
    getBody: (
      scope: OrgScope,
      options: { cycleId?: string; ifNoneMatch?: string },
    ): Promise<TreeBodyResult> =>
      context.run(scope, async (tx, viewer) => {
        const { revision, cycle, etag, today } = await locate(tx, scope, viewer, options.cycleId);
        if (etagMatches(options.ifNoneMatch, etag)) return { notModified: true, etag };
        const cached = bodies.get(etag);
        if (cached !== undefined) return { notModified: false, etag, body: cached };
        const objectives = await serializedNodes(tx, scope, viewer, cycle, today);
        const cycleJson = cycle ? JSON.stringify(toCycle(cycle)) : "null";
        const body = `{"data":{"cycle":${cycleJson},"revision":${revision},"objectives":[${objectives.join(",")}]}}`;
        bodies.set(etag, body);
        return { notModified: false, etag, body };
      }),
  };
}

export type TreeService = ReturnType<typeof createTreeService>;
