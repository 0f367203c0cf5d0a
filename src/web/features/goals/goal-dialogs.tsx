import { useQuery } from "@tanstack/react-query";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { request } from "@web/lib/api";
import { fieldErrorsOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { todayIso, VISIBILITY_OPTIONS } from "./goal-ui";
import {
  type CycleInput,
  type KeyResultInput,
  type TaskInput,
  useCreateCycle,
  useCreateKeyResult,
  useCreateObjective,
  useMembers,
  useUpdateKeyResult,
  useUpdateObjective,
  useUpdateTask,
} from "./goals-api";
import type {
  Cycle,
  KeyResultFields,
  KeyResultType,
  Objective,
  ObjectiveFields,
  TaskNode,
  TaskStatus,
  Visibility,
} from "./types";

// The forms behind "New objective", "Edit key result", "New cycle"... Each dialog renders only
// while open, so its form starts from the item's current values every time.

function submitting(handler: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    handler();
  };
}

/**
 * The native dialog focuses its first control (the close button) when it opens; move focus to
 * the field marked data-autofocus instead, so typing starts in the title.
 */
function useInitialFocus() {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, []);
  return formRef;
}

function SaveButtons({
  pending,
  label,
  onCancel,
}: {
  pending: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <DialogFooter>
      <Button variant="outline" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? <Spinner /> : null}
        {label}
      </Button>
    </DialogFooter>
  );
}

// --- Objective ----------------------------------------------------------------------------------

export function ObjectiveDialog({
  open,
  onClose,
  objective,
  cycleId,
  candidates,
  defaultParentId,
}: {
  open: boolean;
  onClose: () => void;
  /** Edit this one; create a new objective when absent. */
  objective?: ObjectiveFields;
  cycleId?: string;
  /** Objectives it may align to. */
  candidates: Objective[];
  defaultParentId?: string;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={objective ? "Edit objective" : "New objective"}
      description={
        objective
          ? undefined
          : "A qualitative goal for this cycle. Key results will say how you know it is met."
      }
    >
      <ObjectiveForm
        objective={objective}
        cycleId={cycleId}
        candidates={candidates}
        defaultParentId={defaultParentId}
        onDone={onClose}
      />
    </Dialog>
  );
}

/** The fields of `next` that differ from `current`: an edit sends only what the person changed. */
export function changedFields<T extends Record<string, unknown>>(current: Partial<T>, next: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => (current[key] ?? null) !== (value ?? null)),
  ) as Partial<T>;
}

function ObjectiveForm({
  objective,
  cycleId,
  candidates,
  defaultParentId,
  onDone,
}: {
  objective?: ObjectiveFields;
  cycleId?: string;
  candidates: Objective[];
  defaultParentId?: string;
  onDone: () => void;
}) {
  const formRef = useInitialFocus();
  const { user } = useSession();
  const [title, setTitle] = useState(objective?.title ?? "");
  const [description, setDescription] = useState(objective?.description ?? "");
  const [parentId, setParentId] = useState(objective?.parent_id ?? defaultParentId ?? "");
  // Private, like the API: nobody sees a new objective until its owner decides who should.
  const [visibility, setVisibility] = useState<Visibility>(objective?.visibility ?? "private");
  const [ownerId, setOwnerId] = useState(objective?.owner_id ?? user.id);
  const create = useCreateObjective(() => onDone());
  const update = useUpdateObjective();
  const mutation = objective ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const isOwner = !objective || objective.access === "owner";
  const members = useMembers({ enabled: Boolean(objective) && isOwner });

  function save() {
    const fields = {
      title: title.trim(),
      description: description.trim(),
      parent_id: parentId || null,
      ...(isOwner ? { visibility } : {}),
    };
    if (!objective) {
      create.mutate({ ...fields, cycle_id: cycleId });
      return;
    }
    const patch = changedFields(objective, { ...fields, ...(isOwner ? { owner_id: ownerId } : {}) });
    if (Object.keys(patch).length === 0) onDone();
    else update.mutate({ id: objective.id, patch }, { onSuccess: onDone });
  }

  const parents = candidates.filter((candidate) => candidate.id !== objective?.id);
  // Aligned to something not listed here (another cycle's, or one you cannot see): keep it as it is.
  const unlistedParent =
    objective?.parent_id && !parents.some((candidate) => candidate.id === objective.parent_id)
      ? objective.parent_id
      : null;
  // Its title when the caller can see it (another cycle's); a parent not shared with them is 404.
  const unlisted = useQuery({
    queryKey: ["goals", "objective", unlistedParent],
    queryFn: ({ signal }) => request<ObjectiveFields>(`/goals/objectives/${unlistedParent}`, { signal }),
    select: (envelope) => envelope.data.title,
    enabled: unlistedParent !== null,
    retry: false,
  });
  const unlistedLabel =
    unlisted.data ?? (unlisted.isError ? "An objective not shared with you" : "Its current objective");
  const owners = members.filter((member) => member.role !== "guest");
  return (
    <form ref={formRef} noValidate className="space-y-5" onSubmit={submitting(save)}>
      <Field label="Title" error={errors.title}>
        {(control) => (
          <Input
            {...control}
            data-autofocus
            required
            maxLength={200}
            value={title}
            placeholder="Make onboarding effortless"
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <Field label="Description" hint="Optional. Why it matters this cycle." error={errors.description}>
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Aligns to"
          hint={
            unlistedParent && parentId === unlistedParent
              ? unlisted.data
                ? "Its objective is in another cycle; it stays aligned to it."
                : "It stays aligned to an objective you cannot see."
              : "The team or company objective this supports."
          }
          error={errors.parent_id}
        >
          {(control) => (
            <Select {...control} value={parentId} onChange={(event) => setParentId(event.target.value)}>
              <option value="">Nothing (top level)</option>
              {unlistedParent ? <option value={unlistedParent}>{unlistedLabel}</option> : null}
              {parents.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field
          label="Visibility"
          hint={
            isOwner
              ? `Who will see it: ${VISIBILITY_OPTIONS.find((option) => option.value === visibility)?.audience}.`
              : "Owner only"
          }
          error={errors.visibility}
        >
          {(control) => (
            <Select
              {...control}
              disabled={!isOwner}
              value={visibility}
              onChange={(event) => setVisibility(event.target.value as Visibility)}
            >
              {VISIBILITY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {objective && isOwner && owners.length > 1 ? (
        <Field
          label="Owner"
          hint={
            ownerId === objective.owner_id
              ? "Hand it to someone else to make it theirs."
              : "They become its owner and are told; you keep edit access."
          }
          error={errors.owner_id}
        >
          {(control) => (
            <Select {...control} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              {owners.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.user_id === user.id ? `${member.name} (you)` : member.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
      <SaveButtons
        pending={mutation.isPending}
        label={objective ? "Save" : "Create objective"}
        onCancel={onDone}
      />
    </form>
  );
}

// --- Key result ---------------------------------------------------------------------------------

const TYPE_OPTIONS: { value: KeyResultType; label: string; hint: string }[] = [
  { value: "numeric", label: "Number", hint: "From a start value to a target, e.g. 120 → 200 customers" },
  { value: "percentage", label: "Percentage", hint: "A rate, e.g. activation 35% → 50%" },
  { value: "milestone", label: "Milestones", hint: "A count of steps, e.g. 3 of 5 launched" },
  { value: "boolean", label: "Done / not done", hint: "Either it happened or it did not" },
];

const numberOrUndefined = (text: string) => (text.trim() === "" ? undefined : Number(text));

export function KeyResultDialog({
  open,
  onClose,
  objectiveId,
  keyResult,
}: {
  open: boolean;
  onClose: () => void;
  objectiveId: string;
  keyResult?: KeyResultFields;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={keyResult ? "Edit key result" : "New key result"}
      description={keyResult ? undefined : "A measurable outcome that proves the objective."}
    >
      <KeyResultForm objectiveId={objectiveId} keyResult={keyResult} onDone={onClose} />
    </Dialog>
  );
}

function KeyResultForm({
  objectiveId,
  keyResult,
  onDone,
}: {
  objectiveId: string;
  keyResult?: KeyResultFields;
  onDone: () => void;
}) {
  const formRef = useInitialFocus();
  const [title, setTitle] = useState(keyResult?.title ?? "");
  const [type, setType] = useState<KeyResultType>(keyResult?.type ?? "numeric");
  const [start, setStart] = useState(String(keyResult?.start_value ?? 0));
  const [target, setTarget] = useState(keyResult ? String(keyResult.target_value) : "");
  const [unit, setUnit] = useState(keyResult?.unit ?? "");
  const [weight, setWeight] = useState(String(keyResult?.weight ?? 1));
  const [confidence, setConfidence] = useState(
    keyResult?.confidence === null || keyResult?.confidence === undefined
      ? ""
      : String(Math.round(keyResult.confidence * 100)),
  );
  const create = useCreateKeyResult();
  const update = useUpdateKeyResult();
  const mutation = keyResult ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const measured = type !== "boolean";

  function save() {
    const confidenceValue = numberOrUndefined(confidence);
    const input: KeyResultInput = {
      title: title.trim(),
      type,
      ...(measured
        ? { start_value: numberOrUndefined(start) ?? 0, target_value: numberOrUndefined(target) }
        : { start_value: 0, target_value: 1 }),
      unit: type === "numeric" ? unit.trim() || null : null,
      weight: numberOrUndefined(weight) ?? 1,
      confidence: confidenceValue === undefined ? null : confidenceValue / 100,
    };
    if (keyResult) update.mutate({ id: keyResult.id, patch: input }, { onSuccess: onDone });
    else create.mutate({ objectiveId, input }, { onSuccess: onDone });
  }

  return (
    <form ref={formRef} noValidate className="space-y-5" onSubmit={submitting(save)}>
      <Field label="Title" error={errors.title}>
        {(control) => (
          <Input
            {...control}
            data-autofocus
            required
            maxLength={200}
            value={title}
            placeholder="Grow weekly active teams from 120 to 200"
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <Field label="Measured as" hint={TYPE_OPTIONS.find((option) => option.value === type)?.hint}>
        {(control) => (
          <Select
            {...control}
            value={type}
            onChange={(event) => setType(event.target.value as KeyResultType)}
          >
            {TYPE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {measured ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Start" error={errors.start_value}>
            {(control) => (
              <Input
                {...control}
                type="number"
                inputMode="decimal"
                value={start}
                onChange={(event) => setStart(event.target.value)}
              />
            )}
          </Field>
          <Field label={type === "milestone" ? "Milestones" : "Target"} error={errors.target_value}>
            {(control) => (
              <Input
                {...control}
                type="number"
                inputMode="decimal"
                required
                value={target}
                onChange={(event) => setTarget(event.target.value)}
              />
            )}
          </Field>
          {type === "numeric" ? (
            <Field label="Unit" hint="Optional" error={errors.unit}>
              {(control) => (
                <Input
                  {...control}
                  maxLength={20}
                  value={unit}
                  placeholder="customers"
                  onChange={(event) => setUnit(event.target.value)}
                />
              )}
            </Field>
          ) : null}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Weight" hint="Relative to the other key results" error={errors.weight}>
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0}
              step="0.5"
              value={weight}
              onChange={(event) => setWeight(event.target.value)}
            />
          )}
        </Field>
        <Field label="Confidence (%)" hint="Your forecast of hitting it" error={errors.confidence}>
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0}
              max={100}
              value={confidence}
              placeholder="70"
              onChange={(event) => setConfidence(event.target.value)}
            />
          )}
        </Field>
      </div>
      <SaveButtons
        pending={mutation.isPending}
        label={keyResult ? "Save" : "Add key result"}
        onCancel={onDone}
      />
    </form>
  );
}

// --- Task ---------------------------------------------------------------------------------------

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
};

export function TaskDialog({ open, onClose, task }: { open: boolean; onClose: () => void; task: TaskNode }) {
  return (
    <Dialog open={open} onClose={onClose} title="Edit task">
      <TaskForm task={task} onDone={onClose} />
    </Dialog>
  );
}

function TaskForm({ task, onDone }: { task: TaskNode; onDone: () => void }) {
  const formRef = useInitialFocus();
  const members = useMembers();
  const [title, setTitle] = useState(task.title);
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [due, setDue] = useState(task.due_date ?? "");
  const [estimate, setEstimate] = useState(
    task.estimate_minutes === null ? "" : String(task.estimate_minutes),
  );
  const [assignee, setAssignee] = useState(task.assignee_id ?? "");
  const update = useUpdateTask();
  const errors = fieldErrorsOf(update.error);

  function save() {
    const patch = changedFields<Partial<TaskInput>>(task, {
      title: title.trim(),
      status,
      due_date: due || null,
      estimate_minutes: estimate.trim() === "" ? null : Math.round(Number(estimate)),
      assignee_id: assignee || null,
    });
    if (Object.keys(patch).length === 0) onDone();
    else update.mutate({ id: task.id, patch }, { onSuccess: onDone });
  }

  return (
    <form ref={formRef} noValidate className="space-y-5" onSubmit={submitting(save)}>
      <Field label="Title" error={errors.title}>
        {(control) => (
          <Input
            {...control}
            data-autofocus
            required
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Status" error={errors.status}>
          {(control) => (
            <Select
              {...control}
              value={status}
              onChange={(event) => setStatus(event.target.value as TaskStatus)}
            >
              {(Object.keys(TASK_STATUS_LABELS) as TaskStatus[]).map((value) => (
                <option key={value} value={value}>
                  {TASK_STATUS_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Assignee" error={errors.assignee_id}>
          {(control) => (
            <Select {...control} value={assignee} onChange={(event) => setAssignee(event.target.value)}>
              <option value="">Nobody</option>
              {members.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Due" error={errors.due_date}>
          {(control) => (
            <Input {...control} type="date" value={due} onChange={(event) => setDue(event.target.value)} />
          )}
        </Field>
        <Field label="Estimate (minutes)" error={errors.estimate_minutes}>
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0}
              step={15}
              value={estimate}
              placeholder="60"
              onChange={(event) => setEstimate(event.target.value)}
            />
          )}
        </Field>
      </div>
      <SaveButtons pending={update.isPending} label="Save" onCancel={onDone} />
    </form>
  );
}

// --- Cycle --------------------------------------------------------------------------------------

export function CycleDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (cycle: Cycle) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New cycle"
      description="A planning period, 90 days unless you choose an end date."
      size="sm"
    >
      <CycleForm
        onDone={onClose}
        onCreated={(cycle) => {
          onCreated(cycle);
          onClose();
        }}
      />
    </Dialog>
  );
}

function CycleForm({ onDone, onCreated }: { onDone: () => void; onCreated: (cycle: Cycle) => void }) {
  const formRef = useInitialFocus();
  const [name, setName] = useState("");
  const [start, setStart] = useState(todayIso());
  const [end, setEnd] = useState("");
  const create = useCreateCycle(onCreated);
  const errors = fieldErrorsOf(create.error);
  function save() {
    const input: CycleInput = { start_date: start, ...(name.trim() ? { name: name.trim() } : {}) };
    if (end) input.end_date = end;
    create.mutate(input);
  }
  return (
    <form ref={formRef} noValidate className="space-y-5" onSubmit={submitting(save)}>
      <Field label="Name" hint="Optional: defaults to the quarter, e.g. “Q3 2026”." error={errors.name}>
        {(control) => (
          <Input
            {...control}
            data-autofocus
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts" error={errors.start_date}>
          {(control) => (
            <Input
              {...control}
              type="date"
              required
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          )}
        </Field>
        <Field label="Ends" hint="Optional: 90 days" error={errors.end_date}>
          {(control) => (
            <Input {...control} type="date" value={end} onChange={(event) => setEnd(event.target.value)} />
          )}
        </Field>
      </div>
      {create.error && Object.keys(errors).length === 0 ? (
        <p className="text-danger-700 text-sm">{create.error.message}</p>
      ) : null}
      <SaveButtons pending={create.isPending} label="Create cycle" onCancel={onDone} />
    </form>
  );
}
