import { addDays, mondayOf, utcDate } from "@core/calendar";
import { parseItemCode } from "@core/raid";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { ChevronLeft, ChevronRight, Plus, X } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { ItemCode } from "../project-ui";
import { type ProjectMember, useProjectMembers } from "../projects-api";
import { type TimesheetEntry, useItemSlice, useSaveTimesheet, useTimesheetWeek } from "./insights-api";
import { formatHours, LoadError, Panel } from "./insights-ui";
import {
  emptyRow,
  entriesFromRows,
  type GridRow,
  hasInvalidDay,
  MAX_HOURS_PER_DAY,
  parseHours,
  rowsFromEntries,
  rowTotal,
  WEEKDAYS,
} from "./timesheet-grid";

const dayOfMonth = new Intl.DateTimeFormat(undefined, { day: "numeric", timeZone: "UTC" });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const dayMonthYear = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

function weekLabel(weekStart: string): string {
  return `${dayMonth.format(asDate(weekStart))} – ${dayMonthYear.format(asDate(addDays(weekStart, 6)))}`;
}

/**
 * A person's week, by day and by item. Managers may log for anyone on the project; everyone else
 * logs their own time. Saving replaces the whole week.
 */
export function TimesheetPanel({
  projectId,
  myUserId,
  canLogForOthers,
}: {
  projectId: string;
  myUserId: string;
  canLogForOthers: boolean;
}) {
  const thisWeek = mondayOf(utcDate(new Date()));
  const [weekStart, setWeekStart] = useState(thisWeek);
  const [chosenPerson, setChosenPerson] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [pendingSwitch, setPendingSwitch] = useState<(() => void) | null>(null);
  const members = useProjectMembers(projectId);
  const personId = chosenPerson ?? defaultPerson(members.data, myUserId, canLogForOthers);
  const week = useTimesheetWeek(projectId, personId, weekStart);
  // Lives here, not in the grid: a save re-keys the grid, and the toast must survive that.
  const save = useSaveTimesheet(projectId);
  const personSelectId = useId();

  /** Moving to another week or person drops unsaved hours: ask first. */
  function guarded(change: () => void) {
    const run = () => {
      save.reset();
      change();
    };
    if (dirty) setPendingSwitch(() => run);
    else run();
  }

  const isMember = members.data?.some((member) => member.user_id === personId) ?? true;

  return (
    <Panel
      title="Timesheet"
      description="Hours by day against the project, or against one of its items. Saving replaces the week."
      bodyClassName="px-0 pb-0"
      actions={
        <div className="flex flex-wrap items-center gap-2">
          {canLogForOthers && (members.data?.length ?? 0) > 1 ? (
            <>
              <label htmlFor={personSelectId} className="sr-only">
                Whose timesheet
              </label>
              <Select
                id={personSelectId}
                className="h-8 w-48 text-[13px]"
                value={personId ?? ""}
                onChange={(event) => {
                  const next = event.target.value;
                  guarded(() => setChosenPerson(next));
                }}
              >
                {(members.data ?? []).map((member) => (
                  <option key={member.user_id} value={member.user_id}>
                    {member.user_id === myUserId ? `${member.name} (you)` : member.name}
                  </option>
                ))}
              </Select>
            </>
          ) : null}
          <WeekPicker
            weekStart={weekStart}
            thisWeek={thisWeek}
            onChange={(next) => guarded(() => setWeekStart(next))}
          />
        </div>
      }
    >
      {!personId || week.isPending || (week.isFetching && week.isPlaceholderData) ? (
        <div className="space-y-2 border-border border-t px-5 py-5">
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
          <Skeleton className="h-9 w-1/2" />
        </div>
      ) : week.isError ? (
        <div className="border-border border-t px-5 py-5">
          <LoadError error={week.error} what="the timesheet" onRetry={() => void week.refetch()} />
        </div>
      ) : !isMember ? (
        <div className="border-border border-t px-5 py-5">
          <Alert variant="info" title="Only project members log time here">
            You see this project as an organization admin. Add yourself on the Members tab to log your own
            hours.
          </Alert>
        </div>
      ) : (
        <WeekGrid
          // A fresh grid for each person, week and saved version: no stale edits carried over.
          key={`${personId}:${weekStart}:${week.dataUpdatedAt}`}
          projectId={projectId}
          personId={personId}
          weekStart={weekStart}
          entries={week.data}
          save={save}
          onDirtyChange={setDirty}
        />
      )}
      <ConfirmDialog
        open={pendingSwitch !== null}
        onClose={() => setPendingSwitch(null)}
        title="Discard unsaved hours?"
        description="The hours you typed for this week have not been saved."
        confirmLabel="Discard"
        onConfirm={() => {
          pendingSwitch?.();
          setDirty(false);
          setPendingSwitch(null);
        }}
      />
    </Panel>
  );
}

function defaultPerson(members: ProjectMember[] | undefined, me: string, canLogForOthers: boolean) {
  if (!members) return canLogForOthers ? undefined : me;
  if (members.some((member) => member.user_id === me) || !canLogForOthers) return me;
  return members[0]?.user_id;
}

function WeekPicker({
  weekStart,
  thisWeek,
  onChange,
}: {
  weekStart: string;
  thisWeek: string;
  onChange: (weekStart: string) => void;
}) {
  const dateId = useId();
  return (
    <div className="flex items-center gap-1">
      <Button
        variant="outline"
        size="icon-sm"
        aria-label="Previous week"
        onClick={() => onChange(addDays(weekStart, -7))}
      >
        <ChevronLeft />
      </Button>
      <label
        htmlFor={dateId}
        className="relative inline-flex h-8 min-w-44 cursor-pointer items-center justify-center rounded-md border border-border-strong bg-surface px-3 font-medium text-[13px] text-ink shadow-xs focus-within:ring-2 focus-within:ring-accent-600"
      >
        <span aria-live="polite">{weekLabel(weekStart)}</span>
        <input
          id={dateId}
          type="date"
          aria-label="Go to the week of a date"
          value={weekStart}
          onChange={(event) => event.target.value && onChange(mondayOf(event.target.value))}
          className="absolute inset-0 cursor-pointer opacity-0"
        />
      </label>
      <Button
        variant="outline"
        size="icon-sm"
        aria-label="Next week"
        onClick={() => onChange(addDays(weekStart, 7))}
      >
        <ChevronRight />
      </Button>
      {weekStart !== thisWeek ? (
        <Button variant="ghost" size="sm" onClick={() => onChange(thisWeek)}>
          This week
        </Button>
      ) : null}
    </div>
  );
}

function WeekGrid({
  projectId,
  personId,
  weekStart,
  entries,
  save,
  onDirtyChange,
}: {
  projectId: string;
  personId: string;
  weekStart: string;
  entries: TimesheetEntry[];
  save: ReturnType<typeof useSaveTimesheet>;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const initial = useMemo(() => rowsFromEntries(entries), [entries]);
  const [rows, setRows] = useState<GridRow[]>(initial);
  const openItems = useItemSlice(projectId, "timesheet-items", {
    status: ["open", "in_progress", "blocked"],
    sort: "code",
    per_page: 100,
  });
  const [adding, setAdding] = useState("");
  const addId = useId();

  const saved = JSON.stringify(entriesFromRows(initial));
  const isDirty = JSON.stringify(entriesFromRows(rows)) !== saved || rows.length !== initial.length;
  const invalid = hasInvalidDay(rows);
  const days = WEEKDAYS.map((name, index) => ({ name, date: addDays(weekStart, index) }));
  const dayTotals = days.map((_, index) =>
    rows.reduce((sum, row) => {
      const value = parseHours(row.days[index] ?? "");
      return sum + (Number.isNaN(value) ? 0 : value);
    }, 0),
  );
  const weekTotal = rows.reduce((sum, row) => sum + rowTotal(row), 0);
  const shownIds = new Set(rows.map((row) => row.item?.id));
  const addable = (openItems.data?.data ?? []).filter((item) => !shownIds.has(item.id));

  function update(next: GridRow[]) {
    setRows(next);
    onDirtyChange(true);
  }

  function setDay(rowKey: string, dayIndex: number, value: string) {
    update(
      rows.map((row) =>
        row.key === rowKey
          ? { ...row, days: row.days.map((day, index) => (index === dayIndex ? value : day)) }
          : row,
      ),
    );
  }

  function addItem(itemId: string) {
    const item = addable.find((candidate) => candidate.id === itemId);
    if (!item) return;
    update([...rows, emptyRow({ id: item.id, code: item.code, title: item.title })]);
    setAdding("");
  }

  function submit() {
    save.mutate(
      { userId: personId, weekStart, entries: entriesFromRows(rows) },
      {
        onSuccess: () => {
          onDirtyChange(false);
          toast.success("Timesheet saved", { description: `Week of ${weekLabel(weekStart)}` });
        },
      },
    );
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) submit();
      }}
    >
      <div className="overflow-x-auto border-border border-t">
        <table className="w-full min-w-[760px] border-collapse text-sm">
          <thead className="border-border border-b bg-subtle">
            <tr>
              <th
                scope="col"
                className="h-10 px-5 text-left font-medium text-ink-muted text-xs uppercase tracking-wider"
              >
                Work
              </th>
              {days.map((day) => (
                <th
                  key={day.name}
                  scope="col"
                  className={cn(
                    "h-10 w-[4.5rem] px-1 text-center font-medium text-xs",
                    day.date === utcDate(new Date()) ? "text-accent-800" : "text-ink-muted",
                  )}
                >
                  <abbr title={day.name} className="no-underline">
                    {day.name.slice(0, 3)}
                  </abbr>{" "}
                  <span className="font-normal tabular-nums">{dayOfMonth.format(asDate(day.date))}</span>
                </th>
              ))}
              <th
                scope="col"
                className="h-10 w-20 px-3 text-right font-medium text-ink-muted text-xs uppercase tracking-wider"
              >
                Total
              </th>
              <th scope="col" className="w-12">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {rows.map((row) => (
              <GridLine
                key={row.key}
                row={row}
                days={days}
                onDay={(index, value) => setDay(row.key, index, value)}
                onRemove={row.item ? () => update(rows.filter((other) => other.key !== row.key)) : undefined}
              />
            ))}
          </tbody>
          <tfoot className="border-border border-t bg-subtle">
            <tr>
              <th scope="row" className="h-10 px-5 text-left font-medium text-ink-soft text-sm">
                Day total
              </th>
              {dayTotals.map((total, index) => (
                <td key={WEEKDAYS[index]} className="px-1 text-center text-ink-soft tabular-nums">
                  {total > 0 ? formatHours(total) : "—"}
                </td>
              ))}
              <td className="px-3 text-right font-semibold text-ink tabular-nums">
                {formatHours(weekTotal)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="flex flex-wrap items-center gap-3 border-border border-t px-5 py-3">
        <label htmlFor={addId} className="sr-only">
          Add a line for an item
        </label>
        <Select
          id={addId}
          className="h-8 w-72 text-[13px]"
          value={adding}
          disabled={addable.length === 0}
          onChange={(event) => {
            setAdding(event.target.value);
            addItem(event.target.value);
          }}
        >
          <option value="">{openItems.isPending ? "Loading items…" : "Add a line for an item…"}</option>
          {addable.map((item) => (
            <option key={item.id} value={item.id}>
              {item.code} · {item.title}
            </option>
          ))}
        </Select>
        <Plus className="-ml-1 size-4 text-ink-faint" aria-hidden="true" />
        <div className="ml-auto flex items-center gap-2">
          {isDirty ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setRows(initial);
                onDirtyChange(false);
              }}
              disabled={save.isPending}
            >
              Discard changes
            </Button>
          ) : null}
          <Button type="submit" size="sm" disabled={!isDirty || invalid || save.isPending}>
            {save.isPending ? <Spinner /> : null}
            Save timesheet
          </Button>
        </div>
      </div>
      {invalid ? (
        <p className="px-5 pb-3 text-danger-700 text-xs" role="alert">
          Hours are numbers from 0 to {MAX_HOURS_PER_DAY} with at most two decimals.
        </p>
      ) : null}
      {save.isError ? (
        <div className="px-5 pb-4">
          <Alert variant="danger" live>
            {formErrorOf(save.error)}
          </Alert>
        </div>
      ) : null}
    </form>
  );
}

function GridLine({
  row,
  days,
  onDay,
  onRemove,
}: {
  row: GridRow;
  days: { name: string; date: string }[];
  onDay: (index: number, value: string) => void;
  onRemove?: () => void;
}) {
  const total = rowTotal(row);
  const untouchedWeekTotal = row.weekTotal !== null && row.days.every((day) => day.trim() === "");
  return (
    <tr className="hover:bg-subtle/60">
      <th scope="row" className="px-5 py-2 text-left font-normal">
        {row.item ? (
          <span className="flex min-w-0 items-center gap-2">
            <ItemCode code={row.item.code} type={parseItemCode(row.item.code)?.type ?? "action"} />
            <span className="max-w-72 truncate text-ink" title={row.item.title}>
              {row.item.title}
            </span>
          </span>
        ) : (
          <span className="text-ink">General project work</span>
        )}
        {untouchedWeekTotal ? (
          <span className="mt-0.5 block text-ink-muted text-xs">
            {formatHours(row.weekTotal ?? 0)} logged for the week; type days to replace it
          </span>
        ) : null}
      </th>
      {days.map((day, index) => {
        const value = row.days[index] ?? "";
        const invalid = Number.isNaN(parseHours(value));
        // The general line's labels are the plain "Hours for Monday"; item lines name the item.
        const label = row.item ? `${row.item.code} hours, ${day.name}` : `Hours for ${day.name}`;
        return (
          <td key={day.name} className="px-1 py-1.5">
            <input
              type="text"
              inputMode="decimal"
              aria-label={label}
              aria-invalid={invalid || undefined}
              value={value}
              placeholder="0"
              onChange={(event) => onDay(index, event.target.value)}
              className={cn(
                "h-8 w-full rounded-md border border-border-strong bg-surface px-1 text-center text-sm tabular-nums shadow-xs outline-none",
                "placeholder:text-ink-faint/60 focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15",
                index >= 5 && "bg-subtle",
                invalid && "border-danger-600 focus:border-danger-600 focus:ring-danger-600/15",
              )}
            />
          </td>
        );
      })}
      <td className="px-3 text-right font-medium text-ink tabular-nums">
        {total > 0 ? formatHours(total) : "—"}
      </td>
      <td className="pr-3 text-right">
        {onRemove ? (
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Remove the line for ${row.item?.code}`}
            onClick={onRemove}
          >
            <X />
          </Button>
        ) : null}
      </td>
    </tr>
  );
}
