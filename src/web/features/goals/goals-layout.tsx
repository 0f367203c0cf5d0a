import { useQuery } from "@tanstack/react-query";
import { Link, Outlet } from "@tanstack/react-router";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Select } from "@web/components/ui/input";
import { Kbd } from "@web/components/ui/kbd";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { useSession } from "@web/lib/session";
import { useLocalStorage } from "@web/lib/use-local-storage";
import { CalendarDays, CalendarPlus, Flag, ListTree, Lock, Network, RotateCcw, Sparkles } from "lucide-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { CoachPanel } from "./coach-panel";
import { CycleDialog } from "./goal-dialogs";
import { cyclesQuery, isClosed, useCycleState } from "./goals-api";
import { type GoalsSearch, useCurrentTree, useGoalsSearch, useSetGoalsSearch } from "./search";
import type { Cycle } from "./types";

const KeyResultDrawer = lazy(() =>
  import("./key-result-drawer").then((module) => ({ default: module.KeyResultDrawer })),
);

const TABS = [
  { to: "/goals", label: "Outline", icon: ListTree, exact: true },
  { to: "/goals/alignment", label: "Alignment", icon: Network, exact: false },
  { to: "/goals/week", label: "Week", icon: CalendarDays, exact: false },
] as const;

const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const dayOf = (iso: string) => new Date(`${iso}T00:00:00`);

function cycleSummary(cycle: Cycle): { dates: string; day: number; elapsed: number } {
  const start = dayOf(cycle.start_date).getTime();
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const day = Math.floor((today.getTime() - start) / 86_400_000) + 1;
  const clamped = Math.min(Math.max(day, 0), cycle.length_days);
  return {
    dates: `${dayFormat.format(dayOf(cycle.start_date))} – ${dayFormat.format(dayOf(cycle.end_date))}`,
    day,
    elapsed: clamped / cycle.length_days,
  };
}

function isTyping(target: EventTarget | null) {
  const element = target as HTMLElement | null;
  return Boolean(element?.closest("input, textarea, select, [contenteditable=true], dialog"));
}

/** The frame of every goals page: cycle picker, views, the coach, and the key result drawer. */
export function GoalsLayout() {
  const search = useGoalsSearch();
  const setSearch = useSetGoalsSearch();
  const tree = useCurrentTree();
  const cycles = useQuery(cyclesQuery);
  const { can } = useSession();
  // Guests see what is shared with them but use neither the coach (AI) nor cycle management.
  const coachAllowed = can("ai.use");
  const manager = can("goals.cycles.manage");
  const [storedCoachOpen, setCoachOpen] = useLocalStorage("cairn.goals.coach", false);
  const coachOpen = coachAllowed && storedCoachOpen;
  const [creatingCycle, setCreatingCycle] = useState(false);
  const [changingState, setChangingState] = useState(false);
  const cycleState = useCycleState();
  const cycle = tree.data?.cycle ?? null;
  const closed = isClosed(cycle);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "c" && coachAllowed) {
        event.preventDefault();
        setCoachOpen(!coachOpen);
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [coachOpen, coachAllowed, setCoachOpen]);

  const summary = cycle ? cycleSummary(cycle) : null;
  const keepCycle = (previous: GoalsSearch) => ({ cycle: previous.cycle });

  return (
    <div className={cn("@container transition-[padding] duration-200", coachOpen && "xl:pr-[400px]")}>
      <header className="mb-6 flex flex-col gap-4 @3xl:flex-row @3xl:items-end @3xl:justify-between">
        <div className="min-w-0">
          <h1 className="font-semibold text-2xl text-ink tracking-tight">Goals</h1>
          {tree.isPending ? (
            <Skeleton className="mt-2 h-4 w-64" />
          ) : summary && cycle ? (
            <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-ink-muted text-sm">
              <span className="font-medium text-ink-soft">{cycle.name}</span>
              {closed ? (
                <Badge variant="neutral" title="Final scores are recorded; the cycle's goals are read-only">
                  <Lock aria-hidden="true" />
                  Closed
                </Badge>
              ) : null}
              <span aria-hidden="true">·</span>
              <span>{summary.dates}</span>
              <span aria-hidden="true">·</span>
              <span className="inline-flex items-center gap-2">
                {summary.day < 1
                  ? `starts in ${1 - summary.day} ${1 - summary.day === 1 ? "day" : "days"}`
                  : summary.day > cycle.length_days
                    ? "ended"
                    : `day ${summary.day} of ${cycle.length_days}`}
                <span className="h-1 w-20 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                  <span
                    className="block h-full bg-ink-faint"
                    style={{ width: `${summary.elapsed * 100}%` }}
                  />
                </span>
              </span>
            </div>
          ) : (
            <p className="mt-1.5 text-ink-muted text-sm">90-day objectives, key results and tasks.</p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {cycles.data && cycles.data.length > 0 ? (
            <Select
              aria-label="Cycle"
              className="h-8 w-44 text-[13px]"
              value={cycle?.id ?? ""}
              onChange={(event) => setSearch({ cycle: event.target.value || undefined })}
            >
              {cycles.data.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </Select>
          ) : null}
          {manager && cycle ? (
            <Button variant="outline" size="sm" onClick={() => setChangingState(true)}>
              {closed ? <RotateCcw aria-hidden="true" /> : <Flag aria-hidden="true" />}
              {closed ? "Reopen cycle" : "Close cycle"}
            </Button>
          ) : null}
          {manager ? (
            <Button variant="outline" size="sm" onClick={() => setCreatingCycle(true)}>
              <CalendarPlus aria-hidden="true" />
              New cycle
            </Button>
          ) : null}
          {coachAllowed ? (
            <Button
              variant={coachOpen ? "secondary" : "outline"}
              size="sm"
              aria-pressed={coachOpen}
              onClick={() => setCoachOpen(!coachOpen)}
              title="Toggle the coach (C)"
            >
              <Sparkles aria-hidden="true" className="text-accent-700" />
              Coach
              <Kbd className="ml-0.5">C</Kbd>
            </Button>
          ) : null}
        </div>
      </header>

      <nav aria-label="Goals views" className="mb-6 flex items-center gap-1 border-border border-b">
        {TABS.map((tab) => (
          <Link
            key={tab.to}
            to={tab.to}
            search={keepCycle as never}
            activeOptions={{ exact: tab.exact, includeSearch: false }}
            className="-mb-px inline-flex h-9 items-center gap-2 border-transparent border-b-2 px-3 font-medium text-ink-muted text-sm outline-none transition-colors hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600 data-[status=active]:border-accent-700 data-[status=active]:text-ink"
          >
            <tab.icon className="size-4" aria-hidden="true" />
            {tab.label}
          </Link>
        ))}
      </nav>

      <Outlet />

      <CycleDialog
        open={creatingCycle}
        onClose={() => setCreatingCycle(false)}
        onCreated={(created) => setSearch({ cycle: created.id })}
      />
      {search.key_result ? (
        <Suspense fallback={null}>
          <KeyResultDrawer
            keyResultId={search.key_result}
            onClose={() => setSearch({ key_result: undefined, comment: undefined })}
          />
        </Suspense>
      ) : null}
      {coachAllowed ? (
        <CoachPanel open={coachOpen} onClose={() => setCoachOpen(false)} cycleId={cycle?.id} />
      ) : null}
      {cycle ? (
        <ConfirmDialog
          open={changingState}
          onClose={() => setChangingState(false)}
          title={closed ? `Reopen ${cycle.name}?` : `Close ${cycle.name}?`}
          description={
            closed
              ? "Its final scores are cleared and everyone can change its goals again. Closing it later records new final scores."
              : "Every objective's and key result's score (0.0–1.0) and grade is recorded as it stands now, for everyone's objectives. Until you reopen it, the cycle's goals are read-only."
          }
          confirmLabel={closed ? "Reopen cycle" : "Close and record scores"}
          destructive={!closed}
          pending={cycleState.isPending}
          onConfirm={() =>
            cycleState.mutate(
              { id: cycle.id, action: closed ? "reopen" : "close" },
              { onSuccess: () => setChangingState(false) },
            )
          }
        />
      ) : null}
    </div>
  );
}
