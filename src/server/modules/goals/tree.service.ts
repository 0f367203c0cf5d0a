import type { IsoDate } from "../../../core/calendar";
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

/** Serialized trees kept for reuse: a few dozen people's large trees, or many small ones. */
export const TREE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Serialized trees by ETag, least recently used first out. An ETag names exactly one tree
 * (revision, person, groups, cycle, day), so a hit is always current: nothing to invalidate.
 * Each replica keeps its own; a miss only costs the build.
 */
export function createTreeBodyCache(maxBytes: number) {
  const bodies = new Map<string, string>();
  let bytes = 0;
  return {
    get(etag: string): string | undefined {
      const body = bodies.get(etag);
      if (body !== undefined) {
        bodies.delete(etag);
        bodies.set(etag, body);
      }
      return body;
    },
    set(etag: string, body: string) {
      // UTF-16 length as the size: close enough for a budget.
      if (body.length > maxBytes || bodies.has(etag)) return;
      bodies.set(etag, body);
      bytes += body.length;
      for (const [oldest, value] of bodies) {
        if (bytes <= maxBytes) break;
        bodies.delete(oldest);
        bytes -= value.length;
      }
    },
  };
}

/**
 * mainTree: everything a person sees in one cycle (their own objectives, those shared with
 * them or their groups, and org-visible ones) with key results and tasks, in one response.
 * Five small queries and one in-memory pass, whatever the size of the tree; when the client's
 * ETag still matches, two queries and no body at all; and when another tab or a reload asks
 * for a tree already built at this revision, two queries and the serialized body from memory.
 */
export function createTreeService(context: GoalsContext, options: { cacheBytes?: number } = {}) {
  const cache = createTreeBodyCache(options.cacheBytes ?? TREE_CACHE_BYTES);

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

    /** The tree as the API sends it, from the cache when this exact tree was built before. */
    getBody: (
      scope: OrgScope,
      options: { cycleId?: string; ifNoneMatch?: string },
    ): Promise<TreeBodyResult> =>
      context.run(scope, async (tx, viewer) => {
        const { revision, cycle, etag, today } = await locate(tx, scope, viewer, options.cycleId);
        if (etagMatches(options.ifNoneMatch, etag)) return { notModified: true, etag };
        const cached = cache.get(etag);
        if (cached) return { notModified: false, etag, body: cached };
        const objectives = await build(tx, scope, viewer, cycle, today);
        const body = JSON.stringify({
          data: {
            cycle: cycle ? toCycle(cycle) : null,
            revision,
            objectives: objectives.map(toTreeObjective),
          },
        });
        cache.set(etag, body);
        return { notModified: false, etag, body };
      }),
  };
}

export type TreeService = ReturnType<typeof createTreeService>;
