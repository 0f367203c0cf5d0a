import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { EmptyState } from "@web/components/ui/empty-state";
import { Kbd } from "@web/components/ui/kbd";
import { DropdownMenu, MenuItem, MenuSeparator } from "@web/components/ui/menu";
import { Skeleton } from "@web/components/ui/skeleton";
import { Tabs } from "@web/components/ui/tabs";
import { cn } from "@web/lib/cn";
import { formatDate } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import {
  CalendarPlus,
  ChevronRight,
  ChevronsDownUp,
  ChevronsUpDown,
  Gauge,
  MessageSquareText,
  MoreHorizontal,
  Pencil,
  Plus,
  Share2,
  Target,
  Trash2,
} from "lucide-react";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { CycleDialog, KeyResultDialog, ObjectiveDialog, TaskDialog } from "./goal-dialogs";
import {
  Confidence,
  formatKeyResultValue,
  HealthBadge,
  ProgressBar,
  percent,
  Score,
  todayIso,
  VisibilityIcon,
} from "./goal-ui";
import {
  type DeletableKind,
  isClosed,
  useCreateTask,
  useDeleteGoalItem,
  usePeople,
  useUpdateTask,
} from "./goals-api";
import { useCurrentTree, useGoalsSearch, useSetGoalsSearch } from "./search";
import { ShareDialog } from "./share-dialog";
import { TaskStatusButton } from "./task-status";
import type { KeyResult, Objective, ObjectiveFields, TaskNode } from "./types";

type Filter = "all" | "mine" | "shared";

type DialogState =
  | { kind: "new-objective"; parentId?: string }
  | { kind: "edit-objective"; objective: ObjectiveFields }
  | { kind: "new-key-result"; objectiveId: string }
  | { kind: "edit-key-result"; keyResult: KeyResult }
  | { kind: "edit-task"; task: TaskNode }
  | { kind: "share"; objective: ObjectiveFields }
  | { kind: "confirm-delete"; item: { kind: DeletableKind; id: string; title: string } }
  | null;

const ROW = "[data-outline-row]";

function isTyping(target: EventTarget | null) {
  return Boolean((target as HTMLElement | null)?.closest("input, textarea, select, dialog"));
}

/** The cycle as an outline: objectives, their key results, and the tasks under them. */
export function OutlinePage() {
  const tree = useCurrentTree();
  const search = useGoalsSearch();
  const setSearch = useSetGoalsSearch();
  const { user, can } = useSession();
  const [filter, setFilter] = useState<Filter>("all");
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [openKeyResults, setOpenKeyResults] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<DialogState>(null);
  const [creatingCycle, setCreatingCycle] = useState(false);
  const remove = useDeleteGoalItem();
  const listRef = useRef<HTMLDivElement>(null);

  const objectives = tree.data?.objectives ?? [];
  const visible = useMemo(
    () =>
      objectives.filter((objective) =>
        filter === "mine"
          ? objective.owner_id === user.id
          : filter === "shared"
            ? objective.owner_id !== user.id
            : true,
      ),
    [objectives, filter, user.id],
  );

  // A link to an objective, key result or task (from a notification) opens the way to it.
  useEffect(() => {
    if (!tree.data) return;
    const taskOwner = search.task
      ? objectives.flatMap((o) => o.key_results).find((kr) => kr.tasks.some((t) => t.id === search.task))
      : undefined;
    if (taskOwner) setOpenKeyResults((previous) => new Set(previous).add(taskOwner.id));
    const target = search.task ?? search.objective;
    if (!target) return;
    requestAnimationFrame(() => {
      const row = listRef.current?.querySelector<HTMLElement>(`[data-row-id="${target}"]`);
      row?.scrollIntoView({ block: "center" });
      row?.focus({ preventScroll: true });
    });
  }, [tree.data, search.objective, search.task, objectives]);

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (
        event.key === "n" &&
        tree.data?.cycle &&
        !isClosed(tree.data.cycle) &&
        can("goals.objectives.create")
      ) {
        event.preventDefault();
        setDialog({ kind: "new-objective" });
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [tree.data?.cycle, can]);

  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  /** Up/down (or j/k) walk the rows; left goes to the parent row; rows handle the rest. */
  function onListKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.defaultPrevented || isTyping(event.target)) return;
    const rows = Array.from(listRef.current?.querySelectorAll<HTMLElement>(ROW) ?? []);
    const current = (event.target as HTMLElement).closest<HTMLElement>(ROW);
    const index = current ? rows.indexOf(current) : -1;
    const focus = (row: HTMLElement | undefined) => {
      if (!row) return;
      event.preventDefault();
      row.focus();
    };
    if (event.key === "ArrowDown" || event.key === "j") focus(rows[index + 1]);
    else if (event.key === "ArrowUp" || event.key === "k") focus(rows[Math.max(0, index - 1)]);
    else if (event.key === "Home") focus(rows[0]);
    else if (event.key === "End") focus(rows[rows.length - 1]);
    else if (event.key === "ArrowLeft" && current) {
      const depth = Number(current.dataset.depth);
      focus(rows.slice(0, index).findLast((row) => Number(row.dataset.depth) < depth));
    }
  }

  if (tree.isPending) return <OutlineSkeleton />;
  if (tree.isError) {
    return (
      <Alert variant="danger" title="Could not load your goals">
        <p>{tree.error.message}</p>
        <Button variant="outline" size="sm" className="mt-3" onClick={() => void tree.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }

  const cycle = tree.data.cycle;
  if (!cycle) {
    return (
      <>
        <EmptyState
          icon={CalendarPlus}
          title="Start your first cycle"
          description="Goals are planned in cycles, 90 days by default. Create one to add objectives, key results and tasks."
          action={
            <Button onClick={() => setCreatingCycle(true)}>
              <CalendarPlus aria-hidden="true" />
              Create a cycle
            </Button>
          }
        />
        <CycleDialog
          open={creatingCycle}
          onClose={() => setCreatingCycle(false)}
          onCreated={(created) => setSearch({ cycle: created.id })}
        />
      </>
    );
  }

  const closed = isClosed(cycle);
  // Guests work on what is shared with them; a closed cycle takes no new objectives.
  const canCreate = can("goals.objectives.create") && !closed;
  const mine = objectives.filter((objective) => objective.owner_id === user.id).length;
  const average =
    objectives.length > 0
      ? objectives.reduce((sum, objective) => sum + objective.progress, 0) / objectives.length
      : 0;
  const keyResults = objectives.flatMap((objective) => objective.key_results);
  const atRisk = keyResults.filter((kr) => kr.status === "at_risk" || kr.status === "off_track").length;
  const dueCheckIns = keyResults.filter((kr) => kr.stale_check_in && kr.status !== "done").length;

  return (
    <div className="space-y-4">
      {closed ? (
        <Alert variant="info" title={`${cycle.name} is closed`}>
          <p>
            Final scores were recorded {formatDate(cycle.closed_at!)}: each objective shows its final score,
            and the cycle's goals are read-only
            {can("goals.cycles.manage") ? " until you reopen the cycle" : ""}. Comments and sharing still
            work.
          </p>
        </Alert>
      ) : null}
      {objectives.length === 0 ? null : (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Objectives" value={String(objectives.length)} hint={`${mine} yours`} />
          <Stat label="Average progress" value={percent(average)} hint="across objectives" />
          <Stat
            label="At risk"
            value={String(atRisk)}
            hint={`of ${keyResults.length} key results`}
            tone={atRisk > 0 ? "warning" : undefined}
          />
          <Stat
            label="Check-ins due"
            value={String(dueCheckIns)}
            hint="not updated this week"
            tone={dueCheckIns > 0 ? "warning" : undefined}
          />
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <Tabs
          label="Show"
          value={filter}
          onChange={setFilter}
          items={[
            { value: "all", label: "All", count: objectives.length },
            { value: "mine", label: "Mine", count: mine },
            { value: "shared", label: "Shared with me", count: objectives.length - mine },
          ]}
        />
        <div className="flex items-center gap-2">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              const allOpen = collapsed.size === 0 && openKeyResults.size === keyResults.length;
              setCollapsed(allOpen ? new Set(objectives.map((objective) => objective.id)) : new Set());
              setOpenKeyResults(allOpen ? new Set() : new Set(keyResults.map((kr) => kr.id)));
            }}
          >
            {collapsed.size === 0 && openKeyResults.size === keyResults.length ? (
              <ChevronsDownUp aria-hidden="true" />
            ) : (
              <ChevronsUpDown aria-hidden="true" />
            )}
            {collapsed.size === 0 && openKeyResults.size === keyResults.length
              ? "Collapse all"
              : "Expand all"}
          </Button>
          {canCreate ? (
            <Button size="sm" onClick={() => setDialog({ kind: "new-objective" })}>
              <Plus aria-hidden="true" />
              New objective
              <Kbd className="border-white/30 bg-white/10 text-white/90">N</Kbd>
            </Button>
          ) : null}
        </div>
      </div>

      {objectives.length === 0 ? (
        <EmptyState
          icon={Target}
          title={`No objectives in ${cycle.name} yet`}
          description={
            canCreate
              ? "Start with one to three objectives that matter most this cycle, each with two to four measurable key results. The coach can draft them with you."
              : "Objectives shared with you in this cycle show up here."
          }
          action={
            canCreate ? (
              <Button onClick={() => setDialog({ kind: "new-objective" })}>
                <Plus aria-hidden="true" />
                New objective
              </Button>
            ) : undefined
          }
        />
      ) : visible.length === 0 ? (
        <div className="rounded-xl border border-border border-dashed px-6 py-12 text-center text-ink-muted text-sm">
          {filter === "mine"
            ? "You own no objectives in this cycle."
            : "Nothing is shared with you in this cycle."}
        </div>
      ) : (
        <div
          ref={listRef}
          role="tree"
          aria-label={`Objectives in ${cycle.name}`}
          onKeyDown={onListKeyDown}
          className="@container overflow-hidden rounded-xl border border-border bg-surface shadow-card"
        >
          {visible.map((objective, index) => (
            <ObjectiveBlock
              key={objective.id}
              objective={objective}
              first={index === 0}
              highlighted={search.objective === objective.id}
              readOnly={closed}
              canCreate={canCreate}
              expanded={!collapsed.has(objective.id)}
              onToggle={() => setCollapsed(toggle(collapsed, objective.id))}
              openKeyResults={openKeyResults}
              onToggleKeyResult={(id) => setOpenKeyResults(toggle(openKeyResults, id))}
              onDialog={setDialog}
              onDeleteTask={(task) => remove.mutate({ kind: "task", id: task.id, title: task.title })}
            />
          ))}
        </div>
      )}

      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 px-1 text-ink-faint text-xs">
        <span>
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> move
        </span>
        <span>
          <Kbd>→</Kbd> <Kbd>←</Kbd> open / close
        </span>
        <span>
          <Kbd>Enter</Kbd> open
        </span>
        <span>
          <Kbd>E</Kbd> edit
        </span>
        <span>
          <Kbd>Space</Kbd> task done
        </span>
        <span>
          <Kbd>Del</Kbd> delete
        </span>
      </p>

      <ObjectiveDialog
        open={dialog?.kind === "new-objective" || dialog?.kind === "edit-objective"}
        onClose={() => setDialog(null)}
        objective={dialog?.kind === "edit-objective" ? dialog.objective : undefined}
        defaultParentId={dialog?.kind === "new-objective" ? dialog.parentId : undefined}
        cycleId={cycle.id}
        candidates={objectives}
      />
      {dialog?.kind === "new-key-result" || dialog?.kind === "edit-key-result" ? (
        <KeyResultDialog
          open
          onClose={() => setDialog(null)}
          objectiveId={dialog.kind === "new-key-result" ? dialog.objectiveId : dialog.keyResult.objective_id}
          keyResult={dialog.kind === "edit-key-result" ? dialog.keyResult : undefined}
        />
      ) : null}
      {dialog?.kind === "edit-task" ? (
        <TaskDialog open onClose={() => setDialog(null)} task={dialog.task} />
      ) : null}
      <ShareDialog
        objective={dialog?.kind === "share" ? dialog.objective : null}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog?.kind === "confirm-delete"}
        onClose={() => setDialog(null)}
        title={
          dialog?.kind === "confirm-delete" && dialog.item.kind === "objective"
            ? "Delete objective?"
            : "Delete key result?"
        }
        description={
          dialog?.kind === "confirm-delete"
            ? dialog.item.kind === "objective"
              ? `“${dialog.item.title}” and its key results, tasks and check-ins will be deleted. You can undo right after.`
              : `“${dialog.item.title}” and its tasks and check-ins will be deleted. You can undo right after.`
            : ""
        }
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => {
          if (dialog?.kind === "confirm-delete")
            remove.mutate(dialog.item, { onSuccess: () => setDialog(null) });
        }}
      />
    </div>
  );
}

function Stat({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: string;
  hint: string;
  tone?: "warning";
}) {
  return (
    <div className="rounded-xl border border-border bg-surface px-4 py-3 shadow-card">
      <p className="text-ink-muted text-xs">{label}</p>
      <p
        className={cn(
          "mt-0.5 font-semibold text-ink text-xl tabular-nums",
          tone === "warning" && "text-warning-700",
        )}
      >
        {value}
      </p>
      <p className="text-ink-faint text-xs">{hint}</p>
    </div>
  );
}

function OutlineSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[0, 1, 2, 3].map((index) => (
          <Skeleton key={index} className="h-[74px] rounded-xl" />
        ))}
      </div>
      <div className="overflow-hidden rounded-xl border border-border bg-surface">
        {[0, 1, 2].map((block) => (
          <div key={block} className="space-y-3 border-border border-b px-4 py-4 last:border-b-0">
            <div className="flex items-center gap-3">
              <Skeleton className="size-5" />
              <Skeleton className="h-4 w-72" />
              <Skeleton className="ml-auto h-2 w-32" />
            </div>
            <Skeleton className="ml-10 h-3.5 w-96" />
            <Skeleton className="ml-10 h-3.5 w-80" />
          </div>
        ))}
      </div>
    </div>
  );
}

function sharedLabel(objective: ObjectiveFields, userId: string): string | null {
  if (objective.owner_id === userId) return null;
  if (objective.access === "edit") return "Shared with you · can edit";
  return objective.visibility === "org" ? "View only" : "Shared with you";
}

const rowBase =
  "group relative flex items-center gap-3 outline-none transition-colors hover:bg-subtle focus-visible:bg-accent-50/60 focus-visible:shadow-[inset_2px_0_0_var(--color-accent-700)]";

function ObjectiveBlock({
  objective,
  first,
  highlighted,
  expanded,
  onToggle,
  openKeyResults,
  onToggleKeyResult,
  onDialog,
  onDeleteTask,
  readOnly,
  canCreate,
}: {
  objective: Objective;
  first: boolean;
  highlighted: boolean;
  /** The cycle is closed: nothing in it changes (sharing aside). */
  readOnly: boolean;
  canCreate: boolean;
  expanded: boolean;
  onToggle: () => void;
  openKeyResults: Set<string>;
  onToggleKeyResult: (id: string) => void;
  onDialog: (dialog: DialogState) => void;
  onDeleteTask: (task: TaskNode) => void;
}) {
  const { user } = useSession();
  const people = usePeople();
  const owner = people.get(objective.owner_id);
  const canEdit = objective.access !== "view" && !readOnly;
  const isOwner = objective.access === "owner";
  const canDelete = isOwner && !readOnly;
  const shared = sharedLabel(objective, user.id);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return;
    if (event.key === "ArrowRight" && !expanded) onToggle();
    else if (event.key === "ArrowLeft" && expanded) onToggle();
    else if (event.key === "Enter" || event.key === " ") onToggle();
    else if (event.key === "e" && canEdit) onDialog({ kind: "edit-objective", objective });
    else if ((event.key === "Delete" || event.key === "Backspace") && canDelete)
      onDialog({
        kind: "confirm-delete",
        item: { kind: "objective", id: objective.id, title: objective.title },
      });
    else return;
    event.preventDefault();
  }

  return (
    <div className={cn(!first && "border-border border-t")}>
      <div
        data-outline-row
        data-row-id={objective.id}
        data-depth={0}
        role="treeitem"
        aria-expanded={expanded}
        aria-level={1}
        tabIndex={first ? 0 : -1}
        onKeyDown={onKeyDown}
        className={cn(rowBase, "px-3 py-3", highlighted && "bg-accent-50/60")}
      >
        <button
          type="button"
          tabIndex={-1}
          aria-label={expanded ? "Collapse" : "Expand"}
          onClick={onToggle}
          className="flex size-6 items-center justify-center rounded text-ink-faint hover:bg-muted hover:text-ink"
        >
          <ChevronRight
            className={cn("size-4 transition-transform", expanded && "rotate-90")}
            aria-hidden="true"
          />
        </button>
        <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-accent-50 text-accent-700">
          <Target className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-center gap-2">
            <button
              type="button"
              tabIndex={-1}
              onClick={onToggle}
              className="truncate text-left font-semibold text-[15px] text-ink"
            >
              {objective.title}
            </button>
            <VisibilityIcon visibility={objective.visibility} />
            {shared ? (
              <Badge variant="outline" className="hidden @3xl:inline-flex">
                <Share2 aria-hidden="true" />
                {shared}
              </Badge>
            ) : null}
          </div>
          <p className="truncate text-ink-muted text-xs">
            {owner ? (objective.owner_id === user.id ? "You" : owner.name) : "Someone"}
            {" · "}
            {objective.key_results.length} key {objective.key_results.length === 1 ? "result" : "results"}
            {objective.description ? ` · ${objective.description}` : ""}
          </p>
        </div>
        {owner ? (
          <Avatar name={owner.name} seed={owner.user_id} size="sm" className="hidden @2xl:inline-flex" />
        ) : null}
        <div className="hidden w-40 items-center gap-2 @xl:flex">
          <ProgressBar
            value={objective.progress}
            status={objective.status}
            className="flex-1"
            label={`Progress of ${objective.title}`}
          />
          <span className="w-9 text-right text-ink-soft text-xs tabular-nums">
            {percent(objective.progress)}
          </span>
        </div>
        <Score
          value={objective.final_score ?? objective.score}
          final={objective.final_score !== null}
          className="w-9 text-center"
        />
        <HealthBadge status={objective.status} className="hidden w-[92px] justify-center @3xl:inline-flex" />
        <DropdownMenu
          label={`Actions for ${objective.title}`}
          trigger={(props) => (
            <Button
              {...props}
              variant="ghost"
              size="icon-sm"
              tabIndex={-1}
              aria-label={`Actions for ${objective.title}`}
              className="opacity-60 group-hover:opacity-100"
            >
              <MoreHorizontal />
            </Button>
          )}
        >
          <MenuItem disabled={!canEdit} onSelect={() => onDialog({ kind: "edit-objective", objective })}>
            <Pencil aria-hidden="true" />
            Edit
          </MenuItem>
          <MenuItem
            disabled={!canEdit}
            onSelect={() => onDialog({ kind: "new-key-result", objectiveId: objective.id })}
          >
            <Plus aria-hidden="true" />
            Add key result
          </MenuItem>
          <MenuItem
            disabled={!canCreate}
            onSelect={() => onDialog({ kind: "new-objective", parentId: objective.id })}
          >
            <Target aria-hidden="true" />
            Add aligned objective
          </MenuItem>
          <MenuItem onSelect={() => onDialog({ kind: "share", objective })}>
            <Share2 aria-hidden="true" />
            {isOwner ? "Share…" : "Sharing…"}
          </MenuItem>
          <MenuSeparator />
          <MenuItem
            destructive
            disabled={!canDelete}
            onSelect={() =>
              onDialog({
                kind: "confirm-delete",
                item: { kind: "objective", id: objective.id, title: objective.title },
              })
            }
          >
            <Trash2 aria-hidden="true" />
            Delete
          </MenuItem>
        </DropdownMenu>
      </div>

      {expanded ? (
        // biome-ignore lint/a11y/useSemanticElements: part of the tree
        <div role="group">
          {objective.key_results.map((keyResult) => (
            <KeyResultBlock
              key={keyResult.id}
              keyResult={keyResult}
              canEdit={canEdit}
              open={openKeyResults.has(keyResult.id)}
              onToggle={() => onToggleKeyResult(keyResult.id)}
              onDialog={onDialog}
              onDeleteTask={onDeleteTask}
            />
          ))}
          {objective.key_results.length === 0 ? (
            <p className="py-2 pr-4 pl-[76px] text-ink-muted text-sm">
              No key results yet. How will you know this objective is met?
            </p>
          ) : null}
          {canEdit ? (
            <div className="pb-2 pl-[68px]">
              <Button
                variant="ghost"
                size="sm"
                className="text-ink-muted"
                onClick={() => onDialog({ kind: "new-key-result", objectiveId: objective.id })}
              >
                <Plus aria-hidden="true" />
                Add key result
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function KeyResultBlock({
  keyResult,
  canEdit,
  open,
  onToggle,
  onDialog,
  onDeleteTask,
}: {
  keyResult: KeyResult;
  canEdit: boolean;
  open: boolean;
  onToggle: () => void;
  onDialog: (dialog: DialogState) => void;
  onDeleteTask: (task: TaskNode) => void;
}) {
  const setSearch = useSetGoalsSearch();
  const [adding, setAdding] = useState(false);
  const openDetail = () => void setSearch({ key_result: keyResult.id });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return;
    if (event.key === "ArrowRight" && !open) onToggle();
    else if (event.key === "ArrowLeft" && open) onToggle();
    else if (event.key === "Enter") openDetail();
    else if (event.key === " ") onToggle();
    else if (event.key === "e" && canEdit) onDialog({ kind: "edit-key-result", keyResult });
    else if (event.key === "t" && canEdit) {
      if (!open) onToggle();
      setAdding(true);
    } else if ((event.key === "Delete" || event.key === "Backspace") && canEdit)
      onDialog({
        kind: "confirm-delete",
        item: { kind: "key_result", id: keyResult.id, title: keyResult.title },
      });
    else return;
    event.preventDefault();
  }

  return (
    <div>
      <div
        data-outline-row
        data-row-id={keyResult.id}
        data-depth={1}
        role="treeitem"
        aria-expanded={open}
        aria-level={2}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        className={cn(rowBase, "py-2 pr-3 pl-10")}
      >
        <button
          type="button"
          tabIndex={-1}
          aria-label={open ? "Hide tasks" : "Show tasks"}
          onClick={onToggle}
          className="flex size-6 items-center justify-center rounded text-ink-faint hover:bg-muted hover:text-ink"
        >
          <ChevronRight
            className={cn("size-3.5 transition-transform", open && "rotate-90")}
            aria-hidden="true"
          />
        </button>
        <Gauge className="size-4 shrink-0 text-ink-faint" aria-hidden="true" />
        <div className="flex min-w-0 flex-1 items-center gap-2">
          <button
            type="button"
            tabIndex={-1}
            onClick={openDetail}
            className="truncate text-left text-ink text-sm hover:underline"
          >
            {keyResult.title}
          </button>
          {keyResult.stale_check_in && keyResult.status !== "done" ? (
            <Badge variant="warning" className="hidden @3xl:inline-flex">
              Check-in due
            </Badge>
          ) : null}
        </div>
        <span className="hidden w-44 truncate text-right text-ink-soft text-xs tabular-nums @4xl:block">
          {formatKeyResultValue(keyResult)}
        </span>
        <Confidence value={keyResult.confidence} className="hidden w-[84px] @4xl:inline-flex" />
        <div className="hidden w-40 items-center gap-2 @xl:flex">
          <ProgressBar
            value={keyResult.progress}
            expected={keyResult.expected_progress}
            status={keyResult.status}
            className="flex-1"
            label={`Progress of ${keyResult.title}`}
          />
          <span className="w-9 text-right text-ink-soft text-xs tabular-nums">
            {percent(keyResult.progress)}
          </span>
        </div>
        <span className="w-6 text-center text-ink-muted text-xs tabular-nums" title="Tasks done">
          {keyResult.tasks_total > 0 ? `${keyResult.tasks_done}/${keyResult.tasks_total}` : "–"}
        </span>
        <HealthBadge status={keyResult.status} className="hidden w-[92px] justify-center @3xl:inline-flex" />
        <DropdownMenu
          label={`Actions for ${keyResult.title}`}
          trigger={(props) => (
            <Button
              {...props}
              variant="ghost"
              size="icon-sm"
              tabIndex={-1}
              aria-label={`Actions for ${keyResult.title}`}
              className="opacity-60 group-hover:opacity-100"
            >
              <MoreHorizontal />
            </Button>
          )}
        >
          <MenuItem onSelect={openDetail}>
            <MessageSquareText aria-hidden="true" />
            Check in & comments
          </MenuItem>
          <MenuItem disabled={!canEdit} onSelect={() => onDialog({ kind: "edit-key-result", keyResult })}>
            <Pencil aria-hidden="true" />
            Edit
          </MenuItem>
          <MenuItem
            disabled={!canEdit}
            onSelect={() => {
              if (!open) onToggle();
              setAdding(true);
            }}
          >
            <Plus aria-hidden="true" />
            Add task
          </MenuItem>
          <MenuSeparator />
          <MenuItem
            destructive
            disabled={!canEdit}
            onSelect={() =>
              onDialog({
                kind: "confirm-delete",
                item: { kind: "key_result", id: keyResult.id, title: keyResult.title },
              })
            }
          >
            <Trash2 aria-hidden="true" />
            Delete
          </MenuItem>
        </DropdownMenu>
      </div>
      {open ? (
        // biome-ignore lint/a11y/useSemanticElements: part of the tree
        <div role="group" className="pb-1">
          {keyResult.tasks.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              canEdit={canEdit}
              onEdit={() => onDialog({ kind: "edit-task", task })}
              onDelete={() => onDeleteTask(task)}
            />
          ))}
          {keyResult.tasks.length === 0 && !adding ? (
            <p className="py-1.5 pl-[104px] text-ink-muted text-[13px]">No tasks yet.</p>
          ) : null}
          {canEdit ? (
            adding ? (
              <QuickAddTask keyResultId={keyResult.id} onDone={() => setAdding(false)} />
            ) : (
              <div className="pl-[96px]">
                <Button
                  variant="ghost"
                  size="sm"
                  className="h-7 text-ink-muted"
                  onClick={() => setAdding(true)}
                >
                  <Plus aria-hidden="true" />
                  Add task
                </Button>
              </div>
            )
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const dueFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

function TaskRow({
  task,
  canEdit,
  onEdit,
  onDelete,
}: {
  task: TaskNode;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const people = usePeople();
  const update = useUpdateTask();
  const assignee = task.assignee_id ? people.get(task.assignee_id) : undefined;
  const closed = task.status === "done" || task.status === "cancelled";
  const overdue = !closed && task.due_date !== null && task.due_date < todayIso();
  const toggleDone = () =>
    update.mutate({ id: task.id, patch: { status: task.status === "done" ? "todo" : "done" } });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget || !canEdit) return;
    if (event.key === " " || event.key === "x") toggleDone();
    else if (event.key === "Enter" || event.key === "e") onEdit();
    else if (event.key === "Delete" || event.key === "Backspace") onDelete();
    else return;
    event.preventDefault();
  }

  return (
    <div
      data-outline-row
      data-row-id={task.id}
      data-depth={2}
      role="treeitem"
      aria-level={3}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      className={cn(rowBase, "py-1.5 pr-3 pl-[100px]")}
    >
      <TaskStatusButton task={task} disabled={!canEdit} />
      <button
        type="button"
        tabIndex={-1}
        onClick={canEdit ? onEdit : undefined}
        className={cn(
          "min-w-0 flex-1 truncate text-left text-[13px]",
          closed ? "text-ink-faint line-through" : "text-ink-soft",
        )}
      >
        {task.title}
      </button>
      {task.status === "in_progress" ? <Badge variant="accent">In progress</Badge> : null}
      {task.due_date ? (
        <span
          className={cn("text-xs tabular-nums", overdue ? "font-medium text-danger-700" : "text-ink-muted")}
        >
          {overdue ? "Overdue · " : ""}
          {dueFormat.format(new Date(`${task.due_date}T00:00:00`))}
        </span>
      ) : null}
      {assignee ? (
        <span title={`Assigned to ${assignee.name}`}>
          <Avatar name={assignee.name} seed={assignee.user_id} size="sm" className="size-6 text-[10px]" />
        </span>
      ) : (
        <span className="size-6" />
      )}
      {canEdit ? (
        <Button
          variant="ghost"
          size="icon-sm"
          tabIndex={-1}
          aria-label={`Delete ${task.title}`}
          className="size-7 opacity-0 group-hover:opacity-100"
          onClick={onDelete}
        >
          <Trash2 />
        </Button>
      ) : null}
    </div>
  );
}

function QuickAddTask({ keyResultId, onDone }: { keyResultId: string; onDone: () => void }) {
  const [title, setTitle] = useState("");
  const create = useCreateTask();
  return (
    <form
      className="flex items-center gap-2 py-1 pr-3 pl-[100px]"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title.trim()) return;
        create.mutate({ keyResultId, input: { title: title.trim() } }, { onSuccess: () => setTitle("") });
      }}
    >
      <span
        className="size-4 shrink-0 rounded-full border border-border-strong border-dashed"
        aria-hidden="true"
      />
      <input
        // biome-ignore lint/a11y/noAutofocus: opened on purpose to type a task
        autoFocus
        aria-label="New task title"
        placeholder="Task title, then Enter (Esc to stop)"
        value={title}
        maxLength={200}
        disabled={create.isPending}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onDone();
          }
        }}
        onBlur={() => {
          if (!title.trim()) onDone();
        }}
        className="h-7 flex-1 rounded-md border border-border-strong bg-surface px-2 text-[13px] outline-none focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15"
      />
    </form>
  );
}
