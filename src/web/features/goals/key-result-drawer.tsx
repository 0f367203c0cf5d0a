import { useQuery } from "@tanstack/react-query";
import { Button } from "@web/components/ui/button";
import { Field, Input, Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { Gauge, Pencil, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { CheckInChart } from "./check-in-chart";
import { Comments } from "./comments";
import {
  Confidence,
  formatKeyResultValue,
  formatValue,
  HealthBadge,
  ProgressBar,
  percent,
  Score,
  todayIso,
} from "./goal-ui";
import { type CheckInInput, checkInsQuery, isClosed, useCheckIn } from "./goals-api";
import { useCurrentTree, useGoalsSearch } from "./search";
import type { CheckIn, Cycle, KeyResult, Objective } from "./types";

const weekFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const weekOf = (iso: string) => `Week of ${weekFormat.format(new Date(`${iso}T00:00:00`))}`;

/** The Monday of this week, as the server counts weeks. */
function thisMonday(): string {
  const date = new Date(`${todayIso()}T00:00:00`);
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** A key result in full: its progress over the cycle, check-ins, and the conversation about it. */
export function KeyResultDrawer({ keyResultId, onClose }: { keyResultId: string; onClose: () => void }) {
  const tree = useCurrentTree();
  const panelRef = useRef<HTMLDivElement>(null);
  const found = tree.data?.objectives
    .flatMap((objective) => objective.key_results.map((keyResult) => ({ objective, keyResult })))
    .find((entry) => entry.keyResult.id === keyResultId);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    panelRef.current?.focus();
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape" && !(event.target as HTMLElement).closest("dialog")) onClose();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      if (opener?.isConnected) opener.focus();
    };
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40">
      <button
        type="button"
        tabIndex={-1}
        aria-label="Close"
        className="absolute inset-0 animate-fade-in cursor-default bg-ink/20"
        onClick={onClose}
      />
      <aside
        ref={panelRef}
        tabIndex={-1}
        aria-label="Key result"
        className="absolute inset-y-0 right-0 flex w-full max-w-[600px] animate-fade-in flex-col border-border border-l bg-surface shadow-popover outline-none"
      >
        {tree.isPending ? (
          <div className="space-y-4 p-6">
            <Skeleton className="h-6 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-56" />
          </div>
        ) : !found || !tree.data?.cycle ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
            <p className="font-medium text-ink">This key result is not here</p>
            <p className="text-ink-muted text-sm">
              It may have been deleted, moved to another cycle, or not be shared with you.
            </p>
            <Button variant="outline" onClick={onClose}>
              Close
            </Button>
          </div>
        ) : (
          <DrawerContent
            objective={found.objective}
            keyResult={found.keyResult}
            cycle={tree.data.cycle}
            onClose={onClose}
          />
        )}
      </aside>
    </div>
  );
}

function DrawerContent({
  objective,
  keyResult,
  cycle,
  onClose,
}: {
  objective: Objective;
  keyResult: KeyResult;
  cycle: Cycle;
  onClose: () => void;
}) {
  const checkIns = useQuery(checkInsQuery(keyResult.id));
  // A closed cycle's scores are final: no more check-ins or corrections until it is reopened.
  const canEdit = objective.access !== "view" && !isClosed(cycle);
  const { comment } = useGoalsSearch();

  return (
    <>
      <header className="flex items-start gap-3 border-border border-b px-6 py-4">
        <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md bg-muted text-ink-muted">
          <Gauge className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-ink-muted text-xs">{objective.title}</p>
          <h2 className="font-semibold text-ink text-lg leading-snug tracking-tight">{keyResult.title}</h2>
        </div>
        <Button variant="ghost" size="icon-sm" aria-label="Close (Esc)" onClick={onClose}>
          <X />
        </Button>
      </header>
      <div className="flex-1 space-y-8 overflow-y-auto px-6 py-5">
        <section className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Fact label="Current">{formatKeyResultValue(keyResult)}</Fact>
          <Fact label={keyResult.final_score === null ? "Progress" : "Progress · final score"}>
            <span className="flex items-center gap-2">
              {percent(keyResult.progress)}
              <Score
                value={keyResult.final_score ?? keyResult.score}
                final={keyResult.final_score !== null}
              />
            </span>
          </Fact>
          <Fact label="Confidence">
            <Confidence value={keyResult.confidence} />
          </Fact>
          <Fact label="Health">
            <HealthBadge status={keyResult.status} />
          </Fact>
          <div className="col-span-full">
            <ProgressBar
              value={keyResult.progress}
              expected={keyResult.expected_progress}
              status={keyResult.status}
              label="Progress"
            />
            <p className="mt-1.5 text-ink-muted text-xs">
              {percent(keyResult.expected_progress)} expected by now ·{" "}
              {keyResult.last_check_in_at
                ? `last check-in ${formatRelative(keyResult.last_check_in_at)}`
                : "no check-in yet"}
            </p>
          </div>
        </section>

        <section aria-labelledby="kr-chart">
          <h3 id="kr-chart" className="mb-2 font-medium text-ink text-sm">
            Progress over {cycle.name}
          </h3>
          {checkIns.isPending ? (
            <Skeleton className="h-56" />
          ) : (
            <CheckInChart keyResult={keyResult} cycle={cycle} checkIns={checkIns.data ?? []} />
          )}
        </section>

        {canEdit ? (
          <section aria-labelledby="kr-check-in" className="rounded-xl border border-border bg-subtle p-4">
            <h3 id="kr-check-in" className="font-medium text-ink text-sm">
              Weekly check-in
            </h3>
            <p className="mb-3 text-ink-muted text-xs">
              {weekOf(thisMonday())}. Checking in again this week updates this week's entry.
            </p>
            <CheckInForm keyResult={keyResult} />
          </section>
        ) : null}

        <section aria-labelledby="kr-history">
          <h3 id="kr-history" className="mb-2 font-medium text-ink text-sm">
            Check-in history
          </h3>
          {checkIns.isPending ? (
            <Skeleton className="h-20" />
          ) : checkIns.isError ? (
            <p className="text-danger-700 text-sm">Could not load the check-ins.</p>
          ) : checkIns.data.length === 0 ? (
            <p className="rounded-lg border border-border border-dashed px-4 py-4 text-ink-muted text-sm">
              No check-ins yet. Record this week's value above to start the line.
            </p>
          ) : (
            <ol className="divide-y divide-border rounded-lg border border-border">
              {checkIns.data.map((checkIn) => (
                <CheckInItem key={checkIn.id} checkIn={checkIn} keyResult={keyResult} canEdit={canEdit} />
              ))}
            </ol>
          )}
        </section>

        <section aria-labelledby="kr-comments">
          <h3 id="kr-comments" className="mb-3 font-medium text-ink text-sm">
            Comments
          </h3>
          <Comments targetType="key_result" targetId={keyResult.id} highlightId={comment} />
        </section>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <p className="text-ink-muted text-xs">{label}</p>
      <div className="mt-0.5 font-medium text-ink text-sm tabular-nums">{children}</div>
    </div>
  );
}

function ValueInput({
  keyResult,
  value,
  onChange,
  control,
}: {
  keyResult: KeyResult;
  value: string;
  onChange: (value: string) => void;
  control?: object;
}) {
  if (keyResult.type === "boolean") {
    return (
      <Select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="0">Not yet</option>
        <option value="1">Done</option>
      </Select>
    );
  }
  return (
    <Input
      {...control}
      type="number"
      inputMode="decimal"
      step="any"
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

function CheckInForm({ keyResult }: { keyResult: KeyResult }) {
  const { create } = useCheckIn(keyResult.id);
  const [value, setValue] = useState(String(keyResult.current_value));
  // Confidence is a forecast the person makes: last week's is carried over (and says so); with
  // none, nothing is sent until they set one, so nobody is recorded as 70% sure by default.
  const carried = keyResult.confidence === null ? null : Math.round(keyResult.confidence * 100);
  const [confidence, setConfidence] = useState<number | null>(carried);
  const [touched, setTouched] = useState(false);
  const [note, setNote] = useState("");
  const errors = fieldErrorsOf(create.error);
  const unit = keyResult.type === "percentage" ? "%" : keyResult.type === "numeric" ? keyResult.unit : null;
  const choose = (next: number) => {
    setConfidence(next);
    setTouched(true);
  };

  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const input: CheckInInput = { value: Number(value) };
        if (confidence !== null) input.confidence = confidence / 100;
        if (note.trim()) input.note = note.trim();
        create.mutate(input, {
          onSuccess: () => {
            setNote("");
            setTouched(false);
          },
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label={`Value${unit ? ` (${unit})` : ""}`}
          hint={`Target ${formatValue(keyResult, keyResult.target_value)}`}
          error={errors.value}
        >
          {(control) => (
            <ValueInput keyResult={keyResult} value={value} onChange={setValue} control={control} />
          )}
        </Field>
        <Field
          label={confidence === null ? "Confidence: not set" : `Confidence: ${confidence}%`}
          hint={
            confidence === null
              ? "How likely you are to hit the target. Move the slider to set it."
              : touched
                ? "How likely you are to hit the target"
                : "Carried over from your last check-in: move it if your forecast changed"
          }
          error={errors.confidence}
        >
          {(control) => (
            <div className="mt-2.5 flex items-center gap-2">
              <input
                {...control}
                type="range"
                min={0}
                max={100}
                step={5}
                value={confidence ?? 50}
                aria-valuetext={confidence === null ? "not set" : `${confidence}%`}
                onChange={(event) => choose(Number(event.target.value))}
                // A click on the thumb at the unset position changes nothing: count it as a choice.
                onPointerUp={(event) => choose(Number(event.currentTarget.value))}
                className={cn("w-full accent-accent-700", confidence === null && "opacity-40")}
              />
              {confidence !== null && (touched || carried === null) ? (
                <button
                  type="button"
                  className="shrink-0 text-ink-muted text-xs hover:text-ink"
                  onClick={() => {
                    setConfidence(carried);
                    setTouched(false);
                  }}
                >
                  {carried === null ? "Clear" : "Reset"}
                </button>
              ) : null}
            </div>
          )}
        </Field>
      </div>
      <Field label="Note" hint="Optional. What moved, what is blocking." error={errors.note}>
        {(control) => (
          <Input
            {...control}
            value={note}
            maxLength={2000}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={create.isPending || value.trim() === ""}>
          {create.isPending ? <Spinner /> : null}
          Check in
        </Button>
      </div>
    </form>
  );
}

function CheckInItem({
  checkIn,
  keyResult,
  canEdit,
}: {
  checkIn: CheckIn;
  keyResult: KeyResult;
  canEdit: boolean;
}) {
  const { update } = useCheckIn(keyResult.id);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(checkIn.value));
  const [confidence, setConfidence] = useState(
    checkIn.confidence === null ? "" : String(Math.round(checkIn.confidence * 100)),
  );
  const [note, setNote] = useState(checkIn.note);

  if (editing) {
    return (
      <li className="px-3 py-3">
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate(
              {
                id: checkIn.id,
                patch: {
                  value: Number(value),
                  confidence: confidence === "" ? null : Number(confidence) / 100,
                  note: note.trim(),
                },
              },
              { onSuccess: () => setEditing(false) },
            );
          }}
        >
          <p className="font-medium text-ink text-xs">{weekOf(checkIn.week_start)}</p>
          <div className="grid grid-cols-[1fr_110px] gap-2">
            <ValueInput
              keyResult={keyResult}
              value={value}
              onChange={setValue}
              control={{ "aria-label": "Value" }}
            />
            <Input
              aria-label="Confidence (%)"
              type="number"
              min={0}
              max={100}
              placeholder="Conf. %"
              value={confidence}
              onChange={(event) => setConfidence(event.target.value)}
            />
          </div>
          <Input
            aria-label="Note"
            value={note}
            placeholder="Note"
            onChange={(event) => setNote(event.target.value)}
          />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" disabled={update.isPending}>
              {update.isPending ? <Spinner /> : null}
              Save
            </Button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="group flex items-start gap-3 px-3 py-2.5">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-medium text-ink tabular-nums">{formatValue(keyResult, checkIn.value)}</span>
          <span className="text-ink-muted text-xs">{weekOf(checkIn.week_start)}</span>
          {checkIn.edited ? <span className="text-ink-faint text-xs">(edited)</span> : null}
        </p>
        {checkIn.note ? <p className="mt-0.5 text-ink-soft text-sm">{checkIn.note}</p> : null}
        <p className="mt-0.5 text-ink-faint text-xs">
          {checkIn.author_name ?? "Someone"} · {formatRelative(checkIn.created_at)}
        </p>
      </div>
      <Confidence value={checkIn.confidence} className={cn(checkIn.confidence === null && "hidden")} />
      {canEdit ? (
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={`Correct the check-in for ${weekOf(checkIn.week_start).toLowerCase()}`}
          className="opacity-50 group-hover:opacity-100"
          onClick={() => setEditing(true)}
        >
          <Pencil />
        </Button>
      ) : null}
    </li>
  );
}
