import { RATING_MAX, RATING_MIN } from "@core/raid";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { X } from "lucide-react";
import { useState } from "react";
import { IndicatorBadge, ItemCode, RiskScoreChip } from "../project-ui";
import type { ProjectDashboard } from "../projects-api";
import { RISK_LEVEL_COLOURS } from "./indicator-colours";
import { useItemSlice } from "./insights-api";
import { AppLink, itemHref } from "./insights-ui";

type HeatMap = ProjectDashboard["heat_map"];
type Cell = HeatMap["cells"][number];

const RATING_WORDS = ["", "very low", "low", "medium", "high", "very high"];
const ratings = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, index) => RATING_MIN + index);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The 5×5 probability × impact matrix: impact 5 on top, probability 1 on the left, each cell
 * coloured by its band and showing how many open risks sit there. Choosing a cell lists them.
 */
export function RiskHeatMap({ projectId, heatMap }: { projectId: string; heatMap: HeatMap }) {
  const [selected, setSelected] = useState<Cell | null>(null);
  const byKey = new Map(heatMap.cells.map((cell) => [`${cell.probability}:${cell.impact}`, cell]));

  return (
    <div>
      <div className="flex gap-2">
        <div className="flex w-5 shrink-0 items-center justify-center" aria-hidden="true">
          <span className="-rotate-90 whitespace-nowrap font-medium text-ink-muted text-xs">Impact →</span>
        </div>
        <div className="min-w-0 flex-1">
          <table className="w-full table-fixed border-separate border-spacing-1">
            <caption className="sr-only">
              Open risks by impact (rows, 5 at the top) and probability (columns, 1 on the left)
            </caption>
            <thead className="sr-only">
              <tr>
                <td />
                {ratings.map((probability) => (
                  <th key={probability} scope="col">
                    Probability {probability}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...ratings].reverse().map((impact) => (
                <tr key={impact}>
                  <th
                    scope="row"
                    className="w-5 font-normal text-ink-muted text-xs tabular-nums"
                    title={`Impact ${impact} (${RATING_WORDS[impact]})`}
                  >
                    <span className="sr-only">Impact </span>
                    {impact}
                  </th>
                  {ratings.map((probability) => {
                    const cell = byKey.get(`${probability}:${impact}`);
                    if (!cell) return <td key={probability} />;
                    const colours = RISK_LEVEL_COLOURS[cell.level];
                    const isSelected = selected?.probability === probability && selected.impact === impact;
                    return (
                      <td key={probability} className="p-0">
                        <button
                          type="button"
                          aria-pressed={isSelected}
                          aria-label={`Probability ${probability}, impact ${impact}: ${plural(cell.count, "risk", "risks")}, score ${cell.score} (${cell.level})`}
                          disabled={cell.count === 0}
                          onClick={() => setSelected(isSelected ? null : cell)}
                          className={cn(
                            "flex aspect-square max-h-16 w-full items-center justify-center rounded-md font-semibold text-sm tabular-nums outline-none transition",
                            "focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-offset-2",
                            cell.count > 0 ? "cursor-pointer hover:brightness-95" : "cursor-default",
                            isSelected && "ring-2 ring-ink ring-offset-2",
                          )}
                          style={{
                            background: cell.count > 0 ? colours.fill : colours.empty,
                            color: cell.count > 0 ? colours.text : "transparent",
                          }}
                        >
                          {cell.count > 0 ? cell.count : ""}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <td />
                {ratings.map((probability) => (
                  <td key={probability} className="text-center text-ink-muted text-xs tabular-nums">
                    {probability}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <p className="text-center font-medium text-ink-muted text-xs" aria-hidden="true">
            Probability →
          </p>
        </div>
      </div>

      <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-1.5 text-ink-muted text-xs">
        {(["low", "medium", "high", "critical"] as const).map((level) => (
          <span key={level} className="inline-flex items-center gap-1.5 capitalize">
            <span className="size-2.5 rounded-sm" style={{ background: RISK_LEVEL_COLOURS[level].fill }} />
            {level}
          </span>
        ))}
        <span className="ml-auto">
          {plural(heatMap.rated, "rated risk", "rated risks")}
          {heatMap.unrated > 0 ? ` · ${heatMap.unrated} unrated` : ""}
        </span>
      </div>

      {selected ? (
        <CellRisks projectId={projectId} cell={selected} onClose={() => setSelected(null)} />
      ) : (
        <p className="mt-4 rounded-lg bg-subtle px-3 py-2.5 text-ink-muted text-sm">
          Choose a cell to list its risks.
        </p>
      )}
    </div>
  );
}

function CellRisks({ projectId, cell, onClose }: { projectId: string; cell: Cell; onClose: () => void }) {
  // The list API has no probability filter; a project's open risks fit in one page.
  const risks = useItemSlice(projectId, "open-risks", {
    type: ["risk"],
    status: ["open", "in_progress", "blocked"],
    sort: "risk_score",
    order: "desc",
    per_page: 100,
  });
  const matches = (risks.data?.data ?? []).filter(
    (risk) => risk.probability === cell.probability && risk.impact === cell.impact,
  );
  return (
    <section aria-live="polite" className="mt-4 rounded-lg border border-border">
      <header className="flex items-center justify-between gap-2 border-border border-b bg-subtle px-3 py-2">
        <h3 className="font-medium text-ink text-sm">
          Probability {cell.probability} × impact {cell.impact}
          <span className="ml-2 font-normal text-ink-muted">score {cell.score}</span>
        </h3>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close the list"
          className="flex size-6 items-center justify-center rounded text-ink-faint outline-none hover:bg-muted hover:text-ink-soft focus-visible:ring-2 focus-visible:ring-accent-600"
        >
          <X className="size-3.5" aria-hidden="true" />
        </button>
      </header>
      {risks.isPending ? (
        <div className="space-y-2 p-3">
          <Skeleton className="h-5 w-3/4" />
          <Skeleton className="h-5 w-2/3" />
        </div>
      ) : matches.length === 0 ? (
        <p className="p-3 text-ink-muted text-sm">No risks here any more.</p>
      ) : (
        <ul className="divide-y divide-border">
          {matches.map((risk) => (
            <li key={risk.id} className="flex items-center gap-3 px-3 py-2">
              <RiskScoreChip score={risk.risk_score} level={risk.risk_level} />
              <AppLink
                href={itemHref(projectId, risk.id)}
                className="min-w-0 flex-1 truncate text-ink text-sm hover:underline focus-visible:underline"
              >
                <span className="mr-2">
                  <ItemCode code={risk.code} type={risk.type} />
                </span>
                {risk.title}
              </AppLink>
              <IndicatorBadge indicator={risk.indicator} className="hidden sm:inline-flex" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
