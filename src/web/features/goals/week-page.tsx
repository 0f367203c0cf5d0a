import { useQuery } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { cn } from "@web/lib/cn";
import {
  CalendarClock,
  CalendarPlus,
  Check,
  ChevronLeft,
  ChevronRight,
  Clock,
  GripVertical,
  Rss,
  Search,
  Trash2,
} from "lucide-react";
import {
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  type PointerEvent,
  useMemo,
  useRef,
  useState,
} from "react";
import { CalendarFeedDialog } from "./calendar-feed-dialog";
import { type CompletionLog, isClosed, timeBlocksQuery, useTimeBlockWrites } from "./goals-api";
import { useCurrentTree } from "./search";
import type { KeyResult, TaskNode, TimeBlock } from "./types";

const FIRST_HOUR = 7;
const LAST_HOUR = 21;
const HOUR_PX = 52;
const STEP_MINUTES = 15;
const DRAG_TYPE = "application/x-cairn-task";
const BLOCK_TYPE = "application/x-cairn-block";
const MINUTE = 60_000;
const HOURS = Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, index) => FIRST_HOUR + index);

const dayName = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const dayNumber = new Intl.DateTimeFormat(undefined, { day: "numeric" });
const rangeFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "short" });
const hourFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric" });

function mondayOf(date: Date): Date {
  const monday = new Date(date);
  monday.setHours(0, 0, 0, 0);
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return monday;
}
const addDays = (date: Date, days: number) => {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
};
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
const minutesIntoDay = (date: Date) => date.getHours() * 60 + date.getMinutes();
const snap = (minutes: number) => Math.round(minutes / STEP_MINUTES) * STEP_MINUTES;
const pad = (value: number) => String(value).padStart(2, "0");
/** "09:30" for a time input, in the browser's time zone. */
const clockTime = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;
const at = (day: Date, clock: string) => {
  const [hours, minutes] = clock.split(":").map(Number);
  const start = new Date(day);
  start.setHours(hours ?? 0, minutes ?? 0, 0, 0);
  return start;
};
const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];
const durationLabel = (minutes: number) =>
  minutes < 60 ? `${minutes} min` : `${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`;
const defaultMinutes = (estimate: number | null | undefined) =>
  DURATIONS.reduce((best, option) =>
    Math.abs(option - (estimate ?? 60)) < Math.abs(best - (estimate ?? 60)) ? option : best,
  );

/** Where a time block is being scheduled: a task (maybe not chosen yet) and a start. */
interface Slot {
  taskId: string | null;
  start: Date;
}

interface TaskOption {
  task: TaskNode;
  keyResult: KeyResult;
  objectiveTitle: string;
}

/**
 * A week of time blocks: drag tasks in, drag blocks to move, pull the bottom edge to resize; or,
 * without a mouse (touch, keyboard), click a task, a day or a block to schedule or move it in a
 * dialog. Narrow screens get one day at a time as a list.
 */
export function WeekPage() {
  const tree = useCurrentTree();
  const [weekStart, setWeekStart] = useState(() => mondayOf(new Date()));
  const weekEnd = addDays(weekStart, 7);
  const blocks = useQuery(timeBlocksQuery(weekStart, weekEnd));
  const writes = useTimeBlockWrites();
  const [feedOpen, setFeedOpen] = useState(false);
  const [completing, setCompleting] = useState<TimeBlock | null>(null);
  const [scheduling, setScheduling] = useState<Slot | null>(null);
  const [editing, setEditing] = useState<TimeBlock | null>(null);
  const [filter, setFilter] = useState("");
  const days = Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
  const today = new Date();
  const [pickedDay, setPickedDay] = useState<Date | null>(null);
  // The day the narrow-screen list shows: the one picked, else today when it is in this week, else Monday.
  const selectedDay =
    (pickedDay && days.find((day) => sameDay(day, pickedDay))) ??
    days.find((day) => sameDay(day, today)) ??
    weekStart;

  const tasks: TaskOption[] = useMemo(
    () =>
      (tree.data?.objectives ?? []).flatMap((objective) =>
        // A closed cycle's tasks cannot be worked on; view-only ones are someone else's to plan.
        objective.access === "view" || isClosed(tree.data?.cycle)
          ? []
          : objective.key_results.flatMap((keyResult) =>
              keyResult.tasks
                .filter((task) => task.status === "todo" || task.status === "in_progress")
                .map((task) => ({ task, keyResult, objectiveTitle: objective.title })),
            ),
      ),
    [tree.data],
  );
  const shown = tasks.filter((option) =>
    `${option.task.title} ${option.keyResult.title}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const estimates = new Map(tasks.map((option) => [option.task.id, option.task.estimate_minutes]));

  function schedule(taskId: string, start: Date) {
    const minutes = Math.min(Math.max(estimates.get(taskId) ?? 60, STEP_MINUTES), 240);
    writes.create.mutate({
      task_id: taskId,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + minutes * MINUTE).toISOString(),
    });
  }

  function move(block: TimeBlock, start: Date) {
    const duration = Date.parse(block.ends_at) - Date.parse(block.starts_at);
    writes.update.mutate({
      id: block.id,
      patch: { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + duration).toISOString() },
    });
  }

  /** A click on a task (or Enter): choose its day and time, starting from the next hour on the day shown. */
  function scheduleSoon(taskId: string | null, day = selectedDay) {
    const start = new Date(day);
    if (sameDay(day, today))
      start.setHours(Math.min(Math.max(FIRST_HOUR, today.getHours() + 1), LAST_HOUR - 1), 0, 0, 0);
    else start.setHours(9, 0, 0, 0);
    setScheduling({ taskId, start });
  }

  const weekLabel = `${rangeFormat.format(weekStart)} – ${rangeFormat.format(addDays(weekStart, 6))}`;
  const plannedMinutes = (blocks.data ?? []).reduce(
    (sum, block) => sum + (Date.parse(block.ends_at) - Date.parse(block.starts_at)) / MINUTE,
    0,
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Previous week"
            onClick={() => setWeekStart(addDays(weekStart, -7))}
          >
            <ChevronLeft />
          </Button>
          <Button variant="outline" size="sm" onClick={() => setWeekStart(mondayOf(new Date()))}>
            This week
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Next week"
            onClick={() => setWeekStart(addDays(weekStart, 7))}
          >
            <ChevronRight />
          </Button>
          <h2 className="ml-2 font-medium text-ink text-sm">{weekLabel}</h2>
          <span className="text-ink-muted text-xs">
            · {Math.round((plannedMinutes / 60) * 10) / 10} h planned
          </span>
        </div>
        <Button variant="outline" size="sm" onClick={() => setFeedOpen(true)}>
          <Rss aria-hidden="true" />
          Subscribe in calendar
        </Button>
      </div>

      <div className="grid grid-cols-1 gap-4 @3xl:grid-cols-[15rem_1fr]">
        <DayList
          days={days}
          selectedDay={selectedDay}
          today={today}
          blocks={blocks.data ?? []}
          loading={blocks.isPending}
          onPickDay={setPickedDay}
          onSchedule={() => scheduleSoon(null)}
          onEdit={setEditing}
          onComplete={setCompleting}
          onRemove={(block) => writes.remove.mutate(block.id)}
          canSchedule={tasks.length > 0}
        />
        <aside
          aria-label="Tasks to schedule"
          className="order-last flex max-h-[calc(14*52px+44px)] flex-col rounded-xl border border-border bg-surface shadow-card @3xl:order-none"
        >
          <div className="border-border border-b p-3">
            <p className="font-medium text-ink text-sm">Open tasks</p>
            <p className="text-ink-muted text-xs">Drag onto the week, or tap one to choose its time.</p>
            <div className="relative mt-2">
              <Search
                className="pointer-events-none absolute top-2 left-2.5 size-3.5 text-ink-faint"
                aria-hidden="true"
              />
              <Input
                aria-label="Filter tasks"
                placeholder="Filter"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
                className="h-8 pl-8 text-[13px]"
              />
            </div>
          </div>
          <ul className="flex-1 space-y-1 overflow-y-auto p-2">
            {tree.isPending ? (
              [0, 1, 2, 3].map((index) => <Skeleton key={index} className="h-12" />)
            ) : shown.length === 0 ? (
              <li className="px-2 py-6 text-center text-ink-muted text-xs">
                {tasks.length === 0
                  ? "No open tasks in this cycle. Add tasks under your key results."
                  : "No task matches."}
              </li>
            ) : (
              shown.map((option) => (
                <li key={option.task.id}>
                  <button
                    type="button"
                    draggable
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, option.task.id);
                      event.dataTransfer.effectAllowed = "copy";
                    }}
                    onClick={() => scheduleSoon(option.task.id)}
                    title="Drag onto the week, or click to choose a time"
                    className="group flex w-full cursor-grab items-start gap-1.5 rounded-lg text-left border border-transparent px-2 py-1.5 outline-none hover:border-border hover:bg-subtle focus-visible:border-accent-600 active:cursor-grabbing"
                  >
                    <GripVertical className="mt-0.5 size-3.5 shrink-0 text-ink-faint" aria-hidden="true" />
                    <div className="min-w-0">
                      <p className="truncate text-[13px] text-ink">{option.task.title}</p>
                      <p className="truncate text-[11px] text-ink-muted">{option.keyResult.title}</p>
                    </div>
                  </button>
                </li>
              ))
            )}
          </ul>
        </aside>

        <div className="hidden overflow-hidden rounded-xl border border-border bg-surface shadow-card @3xl:block">
          {blocks.isError ? (
            <Alert variant="danger" className="m-3">
              Could not load your time blocks.
            </Alert>
          ) : null}
          <div className="grid grid-cols-[3.5rem_repeat(7,1fr)] border-border border-b">
            <div />
            {days.map((day) => (
              <div
                key={day.toISOString()}
                className={cn(
                  "border-border border-l px-2 py-2 text-center",
                  sameDay(day, today) && "bg-accent-50/60",
                )}
              >
                <p className="text-[11px] text-ink-muted uppercase tracking-wide">{dayName.format(day)}</p>
                <p className={cn("font-semibold text-ink text-sm", sameDay(day, today) && "text-accent-800")}>
                  {dayNumber.format(day)}
                </p>
                {tasks.length > 0 ? (
                  <button
                    type="button"
                    aria-label={`Schedule a task on ${dayLabel.format(day)}`}
                    title="Schedule a task on this day"
                    onClick={() => scheduleSoon(null, day)}
                    className="mx-auto mt-0.5 flex size-5 items-center justify-center rounded text-ink-faint outline-none hover:bg-muted hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
                  >
                    <CalendarPlus className="size-3.5" aria-hidden="true" />
                  </button>
                ) : null}
              </div>
            ))}
          </div>
          <div className="relative grid grid-cols-[3.5rem_repeat(7,1fr)]">
            <div>
              {HOURS.map((hour) => (
                <div
                  key={hour}
                  className="relative text-right text-[11px] text-ink-faint"
                  style={{ height: HOUR_PX }}
                >
                  <span className="absolute -top-2 right-2">
                    {hour === FIRST_HOUR ? "" : hourFormat.format(new Date(2000, 0, 1, hour))}
                  </span>
                </div>
              ))}
            </div>
            {days.map((day) => (
              <DayColumn
                key={day.toISOString()}
                day={day}
                isToday={sameDay(day, today)}
                blocks={(blocks.data ?? []).filter((block) => sameDay(new Date(block.starts_at), day))}
                loading={blocks.isPending}
                onDropTask={schedule}
                onDropBlock={(id, start) => {
                  const block = blocks.data?.find((candidate) => candidate.id === id);
                  if (block) move(block, start);
                }}
                onResize={(block, end) =>
                  writes.update.mutate({ id: block.id, patch: { ends_at: end.toISOString() } })
                }
                onMove={move}
                onEdit={setEditing}
                onComplete={setCompleting}
                onRemove={(block) => writes.remove.mutate(block.id)}
              />
            ))}
          </div>
        </div>
      </div>

      <CalendarFeedDialog open={feedOpen} onClose={() => setFeedOpen(false)} />
      <CompleteDialog block={completing} onClose={() => setCompleting(null)} />
      <Dialog
        open={scheduling !== null}
        onClose={() => setScheduling(null)}
        title="Schedule a task"
        description="Block time for it in your week."
        size="sm"
      >
        {scheduling ? (
          <SlotForm
            tasks={tasks}
            days={days}
            initial={{
              ...scheduling,
              minutes: defaultMinutes(scheduling.taskId ? estimates.get(scheduling.taskId) : null),
            }}
            submitLabel="Schedule"
            pending={writes.create.isPending}
            onCancel={() => setScheduling(null)}
            onSubmit={({ taskId, start, minutes }) =>
              writes.create.mutate(
                {
                  task_id: taskId!,
                  starts_at: start.toISOString(),
                  ends_at: new Date(start.getTime() + minutes * MINUTE).toISOString(),
                },
                { onSuccess: () => setScheduling(null) },
              )
            }
          />
        ) : null}
      </Dialog>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title="Move or resize"
        description={editing ? `“${editing.task_title}” · ${editing.key_result_title}` : undefined}
        size="sm"
      >
        {editing ? (
          <SlotForm
            days={days}
            initial={{
              taskId: editing.task_id,
              start: new Date(editing.starts_at),
              minutes: Math.round((Date.parse(editing.ends_at) - Date.parse(editing.starts_at)) / MINUTE),
            }}
            submitLabel="Save"
            pending={writes.update.isPending}
            onCancel={() => setEditing(null)}
            onSubmit={({ start, minutes }) =>
              writes.update.mutate(
                {
                  id: editing.id,
                  patch: {
                    starts_at: start.toISOString(),
                    ends_at: new Date(start.getTime() + minutes * MINUTE).toISOString(),
                  },
                },
                { onSuccess: () => setEditing(null) },
              )
            }
          />
        ) : null}
      </Dialog>
    </div>
  );
}

function DayColumn({
  day,
  isToday,
  blocks,
  loading,
  onDropTask,
  onDropBlock,
  onResize,
  onMove,
  onEdit,
  onComplete,
  onRemove,
}: {
  day: Date;
  isToday: boolean;
  blocks: TimeBlock[];
  loading: boolean;
  onDropTask: (taskId: string, start: Date) => void;
  onDropBlock: (blockId: string, start: Date) => void;
  onResize: (block: TimeBlock, end: Date) => void;
  onMove: (block: TimeBlock, start: Date) => void;
  onEdit: (block: TimeBlock) => void;
  onComplete: (block: TimeBlock) => void;
  onRemove: (block: TimeBlock) => void;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const columnRef = useRef<HTMLDivElement>(null);

  const minutesAt = (event: DragEvent) => {
    const rect = columnRef.current!.getBoundingClientRect();
    const offset = Number(event.dataTransfer.types.includes(BLOCK_TYPE) ? dragOffset.current : 0);
    const y = event.clientY - rect.top - offset;
    return Math.max(0, Math.min((LAST_HOUR - FIRST_HOUR) * 60 - STEP_MINUTES, snap((y / HOUR_PX) * 60)));
  };
  const startAt = (minutes: number) => {
    const start = new Date(day);
    start.setHours(FIRST_HOUR, minutes, 0, 0);
    return start;
  };

  const now = new Date();
  const nowMinutes = minutesIntoDay(now) - FIRST_HOUR * 60;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; keyboard users move blocks with the arrow keys
    <div
      ref={columnRef}
      className={cn("relative border-border border-l", isToday && "bg-accent-50/30")}
      style={{ height: (LAST_HOUR - FIRST_HOUR) * HOUR_PX }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE) && !event.dataTransfer.types.includes(BLOCK_TYPE))
          return;
        event.preventDefault();
        setHover(minutesAt(event));
      }}
      onDragLeave={() => setHover(null)}
      onDrop={(event) => {
        event.preventDefault();
        const start = startAt(minutesAt(event));
        setHover(null);
        const taskId = event.dataTransfer.getData(DRAG_TYPE);
        const blockId = event.dataTransfer.getData(BLOCK_TYPE);
        if (taskId) onDropTask(taskId, start);
        else if (blockId) onDropBlock(blockId, start);
      }}
    >
      {HOURS.map((hour) => (
        <div
          key={hour}
          className="border-border/70 border-t first:border-t-0"
          style={{ height: HOUR_PX }}
          aria-hidden="true"
        >
          <div className="h-1/2 border-border/40 border-b border-dashed" />
        </div>
      ))}
      {hover !== null ? (
        <div
          className="pointer-events-none absolute inset-x-1 rounded-md border-2 border-accent-600 border-dashed bg-accent-50/70"
          style={{ top: (hover / 60) * HOUR_PX, height: HOUR_PX }}
          aria-hidden="true"
        />
      ) : null}
      {isToday && nowMinutes > 0 && nowMinutes < (LAST_HOUR - FIRST_HOUR) * 60 ? (
        <div
          className="pointer-events-none absolute inset-x-0 z-10 h-px bg-danger-600"
          style={{ top: (nowMinutes / 60) * HOUR_PX }}
          aria-hidden="true"
        >
          <span className="absolute -top-1 -left-1 size-2 rounded-full bg-danger-600" />
        </div>
      ) : null}
      {loading ? <Skeleton className="absolute inset-x-1 top-24 h-16" /> : null}
      {blocks.map((block) => (
        <BlockCard
          key={block.id}
          block={block}
          onResize={onResize}
          onMove={onMove}
          onEdit={onEdit}
          onComplete={onComplete}
          onRemove={onRemove}
        />
      ))}
    </div>
  );
}

/** Where in a block the pointer grabbed it, so a dropped block lands where it looks like it will. */
const dragOffset = { current: 0 };

function BlockCard({
  block,
  onResize,
  onMove,
  onEdit,
  onComplete,
  onRemove,
}: {
  block: TimeBlock;
  onResize: (block: TimeBlock, end: Date) => void;
  onMove: (block: TimeBlock, start: Date) => void;
  onEdit: (block: TimeBlock) => void;
  onComplete: (block: TimeBlock) => void;
  onRemove: (block: TimeBlock) => void;
}) {
  const start = new Date(block.starts_at);
  const end = new Date(block.ends_at);
  const [previewEnd, setPreviewEnd] = useState<Date | null>(null);
  const shownEnd = previewEnd ?? end;
  const top = ((minutesIntoDay(start) - FIRST_HOUR * 60) / 60) * HOUR_PX;
  const height = Math.max(((shownEnd.getTime() - start.getTime()) / MINUTE / 60) * HOUR_PX, 18);
  const done = block.completed_at !== null;
  const resizeFrom = useRef<{ y: number; end: number } | null>(null);

  function onResizeDown(event: PointerEvent<HTMLDivElement>) {
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    resizeFrom.current = { y: event.clientY, end: end.getTime() };
  }
  function onResizeMove(event: PointerEvent<HTMLDivElement>) {
    if (!resizeFrom.current) return;
    const deltaMinutes = snap(((event.clientY - resizeFrom.current.y) / HOUR_PX) * 60);
    const next = Math.max(
      start.getTime() + STEP_MINUTES * MINUTE,
      resizeFrom.current.end + deltaMinutes * MINUTE,
    );
    setPreviewEnd(new Date(next));
  }
  function onResizeUp() {
    if (previewEnd && previewEnd.getTime() !== end.getTime()) onResize(block, previewEnd);
    resizeFrom.current = null;
    setPreviewEnd(null);
  }

  /** Keyboard: arrows move by 15 minutes or a day, Enter opens it to move or resize, D marks done, Delete removes. */
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const shift = (minutes: number) => {
      event.preventDefault();
      onMove(block, new Date(start.getTime() + minutes * MINUTE));
    };
    if (event.key === "ArrowUp") shift(-STEP_MINUTES);
    else if (event.key === "ArrowDown") shift(STEP_MINUTES);
    else if (event.key === "ArrowLeft") shift(-24 * 60);
    else if (event.key === "ArrowRight") shift(24 * 60);
    else if (event.key === "Enter" && !done) {
      event.preventDefault();
      onEdit(block);
    } else if (event.key === "d" && !done) {
      event.preventDefault();
      onComplete(block);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      onRemove(block);
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a draggable card with its own buttons inside
    <div
      role="button"
      tabIndex={0}
      draggable
      aria-label={`${block.task_title}, ${timeFormat.format(start)} to ${timeFormat.format(end)}${done ? ", done" : ""}`}
      onDragStart={(event) => {
        // A press on the resize handle resizes; it must not also start moving the block.
        if (resizeFrom.current) {
          event.preventDefault();
          return;
        }
        dragOffset.current = event.clientY - event.currentTarget.getBoundingClientRect().top;
        event.dataTransfer.setData(BLOCK_TYPE, block.id);
        event.dataTransfer.effectAllowed = "move";
      }}
      onKeyDown={onKeyDown}
      // A tap or click (no drag) opens the block to move or resize it: the way without a mouse.
      onClick={(event) => {
        if (!done && !(event.target as HTMLElement).closest("button")) onEdit(block);
      }}
      title={`${block.task_title}\n${block.key_result_title}`}
      className={cn(
        "group absolute inset-x-1 z-[5] cursor-grab overflow-hidden rounded-md border px-1.5 py-1 text-left outline-none",
        "focus-visible:ring-2 focus-visible:ring-accent-600 active:cursor-grabbing",
        done
          ? "border-border bg-muted text-ink-muted"
          : "border-accent-300 bg-accent-100 text-accent-900 shadow-xs hover:bg-accent-200/70",
      )}
      style={{ top, height }}
    >
      <p
        className={cn(
          "font-medium text-[12px] leading-4",
          height > 40 ? "line-clamp-2" : "truncate",
          done && "line-through",
        )}
      >
        {block.task_title}
      </p>
      <div className="absolute top-0.5 right-0.5 flex gap-0.5 rounded bg-surface/90 opacity-0 shadow-xs transition-opacity group-focus-within:opacity-100 group-hover:opacity-100">
        {!done ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label="Mark done"
            title="Mark done"
            onClick={() => onComplete(block)}
            className="rounded p-0.5 hover:bg-muted"
          >
            <Check className="size-3" aria-hidden="true" />
          </button>
        ) : null}
        <button
          type="button"
          tabIndex={-1}
          aria-label="Remove block"
          title="Remove"
          onClick={() => onRemove(block)}
          className="rounded p-0.5 hover:bg-muted"
        >
          <Trash2 className="size-3" aria-hidden="true" />
        </button>
      </div>
      {height > 50 ? (
        <p className="truncate text-[11px] leading-4 opacity-80">
          {timeFormat.format(start)}–{timeFormat.format(shownEnd)}
          {done ? " · done" : ""}
        </p>
      ) : null}
      {height > 80 ? (
        <p className="truncate text-[11px] leading-4 opacity-70">{block.key_result_title}</p>
      ) : null}
      {!done ? (
        <div
          aria-hidden="true"
          onPointerDown={onResizeDown}
          onPointerMove={onResizeMove}
          onPointerUp={onResizeUp}
          onPointerCancel={onResizeUp}
          onClick={(event) => event.stopPropagation()}
          className="absolute inset-x-0 bottom-0 h-2 cursor-ns-resize"
        />
      ) : null}
    </div>
  );
}

function CompleteDialog({ block, onClose }: { block: TimeBlock | null; onClose: () => void }) {
  return (
    <Dialog
      open={block !== null}
      onClose={onClose}
      title="Mark block done"
      description={block ? `“${block.task_title}” · ${block.key_result_title}` : undefined}
      size="sm"
    >
      {block ? <CompleteForm block={block} onDone={onClose} /> : null}
    </Dialog>
  );
}

function CompleteForm({ block, onDone }: { block: TimeBlock; onDone: () => void }) {
  const { complete } = useTimeBlockWrites();
  const [choice, setChoice] = useState<CompletionLog["log"]>("none");
  const [amount, setAmount] = useState("1");
  const options: { value: CompletionLog["log"]; label: string; hint: string }[] = [
    { value: "none", label: "Just this block", hint: "The time was spent; the task stays open." },
    { value: "task_done", label: "The task is done too", hint: "Also marks the task done." },
    { value: "key_result", label: "Log progress on the key result", hint: "Adds to this week's check-in." },
  ];
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const log: CompletionLog =
          choice === "key_result" ? { log: "key_result", amount: Number(amount) } : { log: choice };
        complete.mutate({ id: block.id, log }, { onSuccess: onDone });
      }}
    >
      <fieldset className="space-y-2">
        <legend className="sr-only">What to record</legend>
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-lg border p-3",
              choice === option.value ? "border-accent-600 bg-accent-50" : "border-border hover:bg-subtle",
            )}
          >
            <input
              type="radio"
              name="log"
              value={option.value}
              checked={choice === option.value}
              onChange={() => setChoice(option.value)}
              className="mt-1 accent-accent-700"
            />
            <span>
              <span className="block font-medium text-ink text-sm">{option.label}</span>
              <span className="block text-ink-muted text-xs">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {choice === "key_result" ? (
        <div className="flex items-center gap-3 text-sm">
          <label htmlFor="complete-amount" className="text-ink-soft">
            Add
          </label>
          <Input
            id="complete-amount"
            type="number"
            step="any"
            className="w-28"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            aria-label="Amount to add"
          />
          <span className="text-ink-muted">to “{block.key_result_title}”</span>
        </div>
      ) : null}
      <div className="-mx-6 -mb-6 flex justify-end gap-2 border-border border-t bg-subtle px-6 py-3.5">
        <Button variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={complete.isPending || (choice === "key_result" && !Number(amount))}>
          {complete.isPending ? <Spinner /> : <CalendarClock aria-hidden="true" />}
          Mark done
        </Button>
      </div>
    </form>
  );
}

/** Day, start and length of a block (and its task, when scheduling a new one): no dragging needed. */
function SlotForm({
  tasks,
  days,
  initial,
  submitLabel,
  pending,
  onCancel,
  onSubmit,
}: {
  /** Offered when scheduling; absent when moving a block (its task is fixed). */
  tasks?: TaskOption[];
  days: Date[];
  initial: Slot & { minutes: number };
  submitLabel: string;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (slot: { taskId: string | null; start: Date; minutes: number }) => void;
}) {
  const [taskId, setTaskId] = useState(initial.taskId ?? "");
  const [dayIndex, setDayIndex] = useState(
    Math.max(
      0,
      days.findIndex((day) => sameDay(day, initial.start)),
    ),
  );
  const [clock, setClock] = useState(clockTime(initial.start));
  const [minutes, setMinutes] = useState(
    DURATIONS.includes(initial.minutes) ? initial.minutes : defaultMinutes(initial.minutes),
  );
  const missingTask = tasks !== undefined && !taskId;

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (missingTask || !clock) return;
        onSubmit({ taskId: taskId || null, start: at(days[dayIndex]!, clock), minutes });
      }}
    >
      {tasks ? (
        <Field label="Task">
          {(control) => (
            <Select
              {...control}
              required
              value={taskId}
              onChange={(event) => {
                setTaskId(event.target.value);
                const chosen = tasks.find((option) => option.task.id === event.target.value);
                if (chosen) setMinutes(defaultMinutes(chosen.task.estimate_minutes));
              }}
            >
              <option value="">Choose a task…</option>
              {tasks.map((option) => (
                <option key={option.task.id} value={option.task.id}>
                  {option.task.title} · {option.keyResult.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
      <Field label="Day">
        {(control) => (
          <Select
            {...control}
            value={String(dayIndex)}
            onChange={(event) => setDayIndex(Number(event.target.value))}
          >
            {days.map((day, index) => (
              <option key={day.toISOString()} value={index}>
                {dayLabel.format(day)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Starts at">
          {(control) => (
            <Input
              {...control}
              type="time"
              step={STEP_MINUTES * 60}
              required
              value={clock}
              onChange={(event) => setClock(event.target.value)}
            />
          )}
        </Field>
        <Field label="For">
          {(control) => (
            <Select
              {...control}
              value={String(minutes)}
              onChange={(event) => setMinutes(Number(event.target.value))}
            >
              {DURATIONS.map((option) => (
                <option key={option} value={option}>
                  {durationLabel(option)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || missingTask || !clock}>
          {pending ? <Spinner /> : <CalendarClock aria-hidden="true" />}
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Narrow screens: one day at a time, as a list, with buttons instead of dragging. */
function DayList({
  days,
  selectedDay,
  today,
  blocks,
  loading,
  canSchedule,
  onPickDay,
  onSchedule,
  onEdit,
  onComplete,
  onRemove,
}: {
  days: Date[];
  selectedDay: Date;
  today: Date;
  blocks: TimeBlock[];
  loading: boolean;
  canSchedule: boolean;
  onPickDay: (day: Date) => void;
  onSchedule: () => void;
  onEdit: (block: TimeBlock) => void;
  onComplete: (block: TimeBlock) => void;
  onRemove: (block: TimeBlock) => void;
}) {
  const ofDay = blocks.filter((block) => sameDay(new Date(block.starts_at), selectedDay));
  return (
    <section aria-label="Day by day" className="space-y-3 @3xl:hidden">
      <div role="tablist" aria-label="Day" className="grid grid-cols-7 gap-1">
        {days.map((day) => {
          const selected = sameDay(day, selectedDay);
          const count = blocks.filter((block) => sameDay(new Date(block.starts_at), day)).length;
          return (
            <button
              key={day.toISOString()}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-label={`${dayLabel.format(day)}, ${count} ${count === 1 ? "block" : "blocks"}`}
              onClick={() => onPickDay(day)}
              className={cn(
                "flex flex-col items-center rounded-lg border py-1.5 outline-none focus-visible:ring-2 focus-visible:ring-accent-600",
                selected ? "border-accent-600 bg-accent-50" : "border-border bg-surface",
              )}
            >
              <span className="text-[11px] text-ink-muted uppercase">{dayName.format(day)}</span>
              <span
                className={cn("font-semibold text-ink text-sm", sameDay(day, today) && "text-accent-800")}
              >
                {dayNumber.format(day)}
              </span>
              <span
                className={cn("mt-0.5 size-1.5 rounded-full", count > 0 ? "bg-accent-700" : "bg-transparent")}
                aria-hidden="true"
              />
            </button>
          );
        })}
      </div>
      <div className="rounded-xl border border-border bg-surface shadow-card">
        <div className="flex items-center justify-between gap-2 border-border border-b px-3 py-2.5">
          <h3 className="font-medium text-ink text-sm">{dayLabel.format(selectedDay)}</h3>
          {canSchedule ? (
            <Button size="sm" onClick={onSchedule}>
              <CalendarPlus aria-hidden="true" />
              Schedule a task
            </Button>
          ) : null}
        </div>
        {loading ? (
          <div className="space-y-2 p-3">
            <Skeleton className="h-14" />
            <Skeleton className="h-14" />
          </div>
        ) : ofDay.length === 0 ? (
          <p className="px-3 py-6 text-center text-ink-muted text-sm">Nothing planned on this day.</p>
        ) : (
          <ul className="divide-y divide-border">
            {ofDay.map((block) => {
              const done = block.completed_at !== null;
              return (
                <li key={block.id} className="flex items-start gap-3 px-3 py-3">
                  <Clock className="mt-0.5 size-4 shrink-0 text-ink-faint" aria-hidden="true" />
                  <div className="min-w-0 flex-1">
                    <p className="text-ink-muted text-xs tabular-nums">
                      {timeFormat.format(new Date(block.starts_at))}–
                      {timeFormat.format(new Date(block.ends_at))}
                      {done ? " · done" : ""}
                    </p>
                    <p className={cn("font-medium text-ink text-sm", done && "text-ink-muted line-through")}>
                      {block.task_title}
                    </p>
                    <p className="truncate text-ink-muted text-xs">{block.key_result_title}</p>
                  </div>
                  <div className="flex shrink-0 gap-1">
                    {!done ? (
                      <>
                        <Button
                          variant="outline"
                          size="icon-sm"
                          aria-label={`Mark ${block.task_title} done`}
                          onClick={() => onComplete(block)}
                        >
                          <Check />
                        </Button>
                        <Button
                          variant="outline"
                          size="icon-sm"
                          aria-label={`Move ${block.task_title}`}
                          onClick={() => onEdit(block)}
                        >
                          <CalendarClock />
                        </Button>
                      </>
                    ) : null}
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Remove ${block.task_title}`}
                      onClick={() => onRemove(block)}
                    >
                      <Trash2 />
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
