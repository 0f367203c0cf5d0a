import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Badge } from "@web/components/ui/badge";
import { EmptyState } from "@web/components/ui/empty-state";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { Network } from "lucide-react";
import { HealthBadge, ProgressBar, percent, Score } from "./goal-ui";
import { usePeople } from "./goals-api";
import { useCurrentTree, useGoalsSearch } from "./search";
import type { Objective, Visibility } from "./types";

interface AlignmentNode {
  objective: Objective;
  children: AlignmentNode[];
}

const LEVEL: Record<Visibility, string> = { org: "Organization", group: "Team", private: "Personal" };

/** Objectives under the one they align to; those whose parent you cannot see start a tree. */
function buildForest(objectives: Objective[]): AlignmentNode[] {
  const nodes = new Map(
    objectives.map((objective) => [objective.id, { objective, children: [] as AlignmentNode[] }]),
  );
  const roots: AlignmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.objective.parent_id ? nodes.get(node.objective.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const rank: Record<Visibility, number> = { org: 0, group: 1, private: 2 };
  const order = (a: AlignmentNode, b: AlignmentNode) =>
    rank[a.objective.visibility] - rank[b.objective.visibility] ||
    a.objective.sort_order - b.objective.sort_order;
  const sort = (list: AlignmentNode[]) => {
    list.sort(order);
    for (const node of list) sort(node.children);
    return list;
  };
  return sort(roots);
}

/** How the cycle's objectives ladder up: organization → team → personal. */
export function AlignmentPage() {
  const tree = useCurrentTree();
  if (tree.isPending) {
    return (
      <div className="space-y-4">
        {[0, 1].map((row) => (
          <div key={row} className="flex gap-8">
            <Skeleton className="h-28 w-80 rounded-xl" />
            <div className="space-y-4">
              <Skeleton className="h-28 w-80 rounded-xl" />
              <Skeleton className="h-28 w-80 rounded-xl" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (tree.isError)
    return (
      <Alert variant="danger" title="Could not load your goals">
        {tree.error.message}
      </Alert>
    );
  const forest = buildForest(tree.data.objectives);
  if (forest.length === 0) {
    return (
      <EmptyState
        icon={Network}
        title="Nothing to align yet"
        description="When objectives say which objective they support (“Aligns to” when you create or edit one), this view shows how personal goals ladder up to team and organization goals."
      />
    );
  }
  const aligned = tree.data.objectives.filter((objective) => objective.parent_id).length;
  return (
    <div className="space-y-4">
      <p className="text-ink-muted text-sm">
        {aligned} of {tree.data.objectives.length} objectives align to another. Progress rolls up from key
        results; click a card to open it in the outline.
      </p>
      <div className="overflow-x-auto pb-4">
        <ul className="space-y-6">
          {forest.map((node) => (
            <li key={node.objective.id}>
              <Branch node={node} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Branch({ node }: { node: AlignmentNode }) {
  return (
    <div className="flex items-start">
      <ObjectiveCard objective={node.objective} />
      {node.children.length > 0 ? (
        // The connectors: a stub out of the parent card, a spine, and a stub into each child.
        <ul className="relative ml-8 space-y-4 before:absolute before:top-12 before:-left-8 before:h-px before:w-4 before:bg-border-strong">
          {node.children.map((child, index) => (
            <li
              key={child.objective.id}
              className={cn(
                "relative",
                "before:absolute before:top-12 before:-left-4 before:h-px before:w-4 before:bg-border-strong",
                "after:absolute after:-left-4 after:w-px after:bg-border-strong",
                index === 0 ? "after:top-12" : "after:-top-4",
                index === node.children.length - 1
                  ? index === 0
                    ? "after:hidden"
                    : "after:h-16"
                  : index === 0
                    ? "after:bottom-0"
                    : "after:bottom-0",
              )}
            >
              <Branch node={child} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ObjectiveCard({ objective }: { objective: Objective }) {
  const people = usePeople();
  const navigate = useNavigate();
  const { cycle } = useGoalsSearch();
  const owner = people.get(objective.owner_id);
  return (
    <button
      type="button"
      onClick={() => void navigate({ to: "/goals", search: { cycle, objective: objective.id } as never })}
      className="w-80 shrink-0 rounded-xl border border-border bg-surface p-4 text-left shadow-card outline-none transition-shadow hover:border-border-strong hover:shadow-popover focus-visible:ring-2 focus-visible:ring-accent-600"
    >
      <div className="flex items-center justify-between gap-2">
        <Badge
          variant={
            objective.visibility === "org"
              ? "accent"
              : objective.visibility === "group"
                ? "neutral"
                : "outline"
          }
        >
          {LEVEL[objective.visibility]}
        </Badge>
        <HealthBadge status={objective.status} />
      </div>
      <p className="mt-2 line-clamp-2 font-semibold text-ink text-sm leading-snug">{objective.title}</p>
      <div className="mt-3 flex items-center gap-2">
        <ProgressBar
          value={objective.progress}
          status={objective.status}
          className="flex-1"
          label={`Progress of ${objective.title}`}
        />
        <span className="text-ink-soft text-xs tabular-nums">{percent(objective.progress)}</span>
        <Score value={objective.score} />
      </div>
      <div className="mt-3 flex items-center gap-2 text-ink-muted text-xs">
        {owner ? (
          <Avatar name={owner.name} seed={owner.user_id} size="sm" className="size-5 text-[9px]" />
        ) : null}
        <span className="truncate">{owner?.name ?? "Someone"}</span>
        <span className="ml-auto shrink-0">
          {objective.key_results.length} KR{objective.key_results.length === 1 ? "" : "s"}
        </span>
      </div>
    </button>
  );
}
