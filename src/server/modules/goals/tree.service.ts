import { AppError, type OrgScope } from "../../http";
import { buildNodes, etagMatches, treeEtag } from "./cache-update";
import type { GoalsContext } from "./context";
import { type CycleRow, getCurrentCycle, getCycle } from "./cycles.queries";
import { getRevision, listVisibleObjectives } from "./objectives.queries";

export type TreeResult =
  | { notModified: true; etag: string }
  | {
      notModified: false;
      etag: string;
      revision: number;
      cycle: CycleRow | null;
      objectives: Awaited<ReturnType<typeof buildNodes>>["tree"];
    };

/**
 * mainTree: everything a person sees in one cycle (their own objectives, those shared with
 * them or their groups, and org-visible ones) with key results and tasks, in one response.
 * Five small queries and one in-memory pass, whatever the size of the tree; and when the
 * client's ETag still matches, two queries and no body at all.
 */
export function createTreeService(context: GoalsContext) {
  return {
    get: (scope: OrgScope, options: { cycleId?: string; ifNoneMatch?: string }): Promise<TreeResult> =>
      context.run(scope, async (tx, viewer) => {
        const today = context.today();
        // The revision is read first: a write landing mid-read can only make the body newer
        // than its ETag (costing one extra refetch later), never older.
        const revision = await getRevision(tx, scope.orgId);
        const cycle = options.cycleId
          ? await getCycle(tx, scope.orgId, options.cycleId)
          : await getCurrentCycle(tx, scope.orgId, today);
        if (options.cycleId && !cycle) throw new AppError("NOT_FOUND", { message: "No such cycle" });
        const etag = treeEtag({
          revision,
          userId: viewer.userId,
          cycleId: cycle?.id ?? null,
          groupIds: viewer.groupIds,
          today,
        });
        if (etagMatches(options.ifNoneMatch, etag)) return { notModified: true, etag };
        if (!cycle) return { notModified: false, etag, revision, cycle: null, objectives: [] };
        const objectives = await listVisibleObjectives(tx, { orgId: scope.orgId, cycleId: cycle.id, viewer });
        const { tree } = await buildNodes(tx, { orgId: scope.orgId, objectives, today });
        return { notModified: false, etag, revision, cycle, objectives: tree };
      }),
  };
}

export type TreeService = ReturnType<typeof createTreeService>;
