import { ITEM_TYPES, type ItemType, type Priority, type Severity } from "@core/raid";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useState } from "react";
import { TYPE_LABELS } from "../project-ui";
import { type Item, type ProjectMember, useItemMutations } from "../projects-api";
import { AssigneeSelect, PrioritySelect, RiskRating, SeveritySelect } from "./item-fields";

export function NewItemDialog({
  open,
  onClose,
  projectId,
  members,
  defaultType,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  members: ProjectMember[];
  defaultType?: ItemType;
  onCreated: (item: Item) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="New item"
      description="It gets the next code of its type (R-1, A-1, …)."
    >
      <NewItemForm
        projectId={projectId}
        members={members}
        defaultType={defaultType}
        onCancel={onClose}
        onCreated={(item) => {
          onClose();
          onCreated(item);
        }}
      />
    </Dialog>
  );
}

function NewItemForm({
  projectId,
  members,
  defaultType,
  onCancel,
  onCreated,
}: {
  projectId: string;
  members: ProjectMember[];
  defaultType?: ItemType;
  onCancel: () => void;
  onCreated: (item: Item) => void;
}) {
  const { create } = useItemMutations(projectId);
  const [type, setType] = useState<ItemType>(defaultType ?? "risk");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [priority, setPriority] = useState<Priority>("medium");
  const [assignee, setAssignee] = useState<string | null>(null);
  const [startDate, setStartDate] = useState("");
  const [finishDate, setFinishDate] = useState("");
  const [deadline, setDeadline] = useState("");
  const [probability, setProbability] = useState<number | null>(null);
  const [impact, setImpact] = useState<number | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [decisionDate, setDecisionDate] = useState("");
  const [rationale, setRationale] = useState("");
  const errors = fieldErrorsOf(create.error);
  const message = formErrorOf(create.error, [
    "title",
    "description",
    "start_date",
    "finish_date",
    "deadline",
  ]);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          {
            type,
            title: title.trim(),
            description,
            priority,
            assignee_id: assignee,
            start_date: startDate || null,
            finish_date: finishDate || null,
            deadline: deadline || null,
            ...(type === "risk" ? { probability, impact } : {}),
            ...(type === "issue" ? { severity } : {}),
            ...(type === "decision"
              ? { decision_date: decisionDate || null, rationale: rationale || null }
              : {}),
          },
          {
            onSuccess: (item) => {
              toast.success(`${item.code} added`, { description: item.title });
              onCreated(item);
            },
          },
        );
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <div className="grid gap-5 sm:grid-cols-[10rem_1fr]">
        <Field label="Type">
          {(control) => (
            <Select {...control} value={type} onChange={(event) => setType(event.target.value as ItemType)}>
              {ITEM_TYPES.map((value) => (
                <option key={value} value={value}>
                  {TYPE_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Title" error={errors.title}>
          {(control) => (
            <Input
              {...control}
              required
              maxLength={300}
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              placeholder={
                type === "risk" ? "Vendor may miss the API deadline" : "What needs doing or deciding"
              }
              autoFocus
            />
          )}
        </Field>
      </div>
      {type === "risk" ? (
        <Field
          label="Probability × impact"
          hint="Rated 1–5 each; the score bands are low, medium, high and critical."
        >
          {() => (
            <RiskRating
              idPrefix="new-item"
              probability={probability}
              impact={impact}
              onChange={(change) => {
                if (change.probability !== undefined) setProbability(change.probability);
                if (change.impact !== undefined) setImpact(change.impact);
              }}
            />
          )}
        </Field>
      ) : null}
      {type === "issue" ? (
        <Field label="Severity">
          {(control) => <SeveritySelect id={control.id} value={severity} onChange={setSeverity} />}
        </Field>
      ) : null}
      {type === "decision" ? (
        <div className="grid gap-5 sm:grid-cols-[10rem_1fr]">
          <Field label="Decision date">
            {(control) => (
              <Input
                {...control}
                type="date"
                value={decisionDate}
                onChange={(event) => setDecisionDate(event.target.value)}
              />
            )}
          </Field>
          <Field label="Rationale" hint="Why this was decided; what else was considered.">
            {(control) => (
              <Textarea
                {...control}
                rows={2}
                value={rationale}
                onChange={(event) => setRationale(event.target.value)}
              />
            )}
          </Field>
        </div>
      ) : null}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Assignee">
          {(control) => (
            <AssigneeSelect id={control.id} value={assignee} members={members} onChange={setAssignee} />
          )}
        </Field>
        <Field label="Priority">
          {(control) => <PrioritySelect id={control.id} value={priority} onChange={setPriority} />}
        </Field>
      </div>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field label="Start" error={errors.start_date}>
          {(control) => (
            <Input
              {...control}
              type="date"
              value={startDate}
              onChange={(event) => setStartDate(event.target.value)}
            />
          )}
        </Field>
        <Field label="Finish" error={errors.finish_date}>
          {(control) => (
            <Input
              {...control}
              type="date"
              value={finishDate}
              onChange={(event) => setFinishDate(event.target.value)}
            />
          )}
        </Field>
        <Field label="Deadline" error={errors.deadline} hint="The date it must not slip past.">
          {(control) => (
            <Input
              {...control}
              type="date"
              value={deadline}
              onChange={(event) => setDeadline(event.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Description" error={errors.description} hint="Markdown: **bold**, lists, links.">
        {(control) => (
          <Textarea
            {...control}
            rows={4}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || !title.trim()}>
          {create.isPending ? <Spinner /> : null}
          Add {TYPE_LABELS[type].toLowerCase()}
        </Button>
      </DialogFooter>
    </form>
  );
}
