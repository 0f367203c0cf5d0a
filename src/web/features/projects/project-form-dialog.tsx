import { PROJECT_STATUSES, type ProjectStatus } from "@core/raid";
import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useState } from "react";
import { PROJECT_STATUS_LABELS } from "./project-ui";
import {
  canInProject,
  type Project,
  type ProjectInput,
  useCreateProject,
  useUpdateProject,
} from "./projects-api";

/** Create a project (it opens when created), or edit `project`. */
export function ProjectFormDialog({
  open,
  onClose,
  project,
}: {
  open: boolean;
  onClose: () => void;
  project?: Project;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={project ? "Edit project" : "New project"}
      description={
        project
          ? "Dates and budget drive the indicators, the timeline and the burn chart."
          : "A RAID log, timeline and budget for one piece of client work. You become its admin."
      }
    >
      {project ? (
        <EditProjectForm project={project} onDone={onClose} />
      ) : (
        <CreateProjectForm onDone={onClose} />
      )}
    </Dialog>
  );
}

function CreateProjectForm({ onDone }: { onDone: () => void }) {
  const create = useCreateProject();
  const navigate = useNavigate();
  return (
    <ProjectFields
      submitLabel="Create project"
      pending={create.isPending}
      error={create.error}
      showBudget
      onCancel={onDone}
      onSubmit={(input) =>
        create.mutate(input, {
          onSuccess: async (project) => {
            toast.success(`${project.name} created`, {
              description: "Add its first risks, actions and issues.",
            });
            onDone();
            await navigate({ to: "/projects/$projectId", params: { projectId: project.id } });
          },
        })
      }
    />
  );
}

function EditProjectForm({ project, onDone }: { project: Project; onDone: () => void }) {
  const update = useUpdateProject(project.id);
  const showBudget = canInProject(project, "projects.budget.write");
  return (
    <ProjectFields
      initial={project}
      submitLabel="Save changes"
      pending={update.isPending}
      error={update.error}
      showBudget={showBudget}
      onCancel={onDone}
      onSubmit={(input) => {
        const { budget_total, currency, ...rest } = input;
        update.mutate(showBudget ? input : rest, {
          onSuccess: () => {
            toast.success("Project updated");
            onDone();
          },
        });
      }}
    />
  );
}

function ProjectFields({
  initial,
  submitLabel,
  pending,
  error,
  showBudget,
  onCancel,
  onSubmit,
}: {
  initial?: Project;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  showBudget: boolean;
  onCancel: () => void;
  onSubmit: (input: ProjectInput) => void;
}) {
  const [name, setName] = useState(initial?.name ?? "");
  const [clientName, setClientName] = useState(initial?.client_name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [status, setStatus] = useState<ProjectStatus>(initial?.status ?? "active");
  const [startDate, setStartDate] = useState(initial?.start_date ?? "");
  const [endDate, setEndDate] = useState(initial?.end_date ?? "");
  const [budget, setBudget] = useState(initial?.budget_total?.toString() ?? "");
  const [currency, setCurrency] = useState(initial?.currency ?? "EUR");
  const errors = fieldErrorsOf(error);
  const handled = [
    "name",
    "client_name",
    "description",
    "status",
    "start_date",
    "end_date",
    "budget_total",
    "currency",
  ];
  const message = formErrorOf(error, handled);
  const datesInOrder = !startDate || !endDate || startDate <= endDate;

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({
          name: name.trim(),
          client_name: clientName.trim() || null,
          description: description.trim(),
          status,
          start_date: startDate || null,
          end_date: endDate || null,
          ...(showBudget
            ? {
                budget_total: budget.trim() === "" ? null : Number(budget),
                currency: currency.trim().toUpperCase(),
              }
            : {}),
        });
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Website relaunch"
              autoFocus
            />
          )}
        </Field>
        <Field label="Client" error={errors.client_name} hint="Optional.">
          {(control) => (
            <Input
              {...control}
              maxLength={200}
              value={clientName}
              onChange={(event) => setClientName(event.target.value)}
              placeholder="Acme Corp"
            />
          )}
        </Field>
      </div>
      <Field label="Description" error={errors.description} hint="Optional. Scope, goals, who's involved.">
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            maxLength={20_000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field label="Status" error={errors.status}>
          {(control) => (
            <Select
              {...control}
              value={status}
              onChange={(event) => setStatus(event.target.value as ProjectStatus)}
            >
              {PROJECT_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {PROJECT_STATUS_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
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
        <Field
          label="End"
          error={errors.end_date ?? (datesInOrder ? null : "The end comes before the start.")}
        >
          {(control) => (
            <Input
              {...control}
              type="date"
              value={endDate}
              onChange={(event) => setEndDate(event.target.value)}
            />
          )}
        </Field>
      </div>
      {showBudget ? (
        <div className="grid gap-5 sm:grid-cols-3">
          <Field
            label="Budget"
            error={errors.budget_total}
            hint="Optional. Timesheets burn against it."
            className="sm:col-span-2"
          >
            {(control) => (
              <Input
                {...control}
                inputMode="decimal"
                value={budget}
                onChange={(event) => setBudget(event.target.value)}
                placeholder="120000"
              />
            )}
          </Field>
          <Field label="Currency" error={errors.currency}>
            {(control) => (
              <Input
                {...control}
                maxLength={3}
                value={currency}
                onChange={(event) => setCurrency(event.target.value.toUpperCase())}
                placeholder="EUR"
              />
            )}
          </Field>
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || !name.trim() || !datesInOrder}>
          {pending ? <Spinner /> : null}
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
