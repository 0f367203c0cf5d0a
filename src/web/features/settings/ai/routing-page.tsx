import type { AiModel, AiRoute } from "@shared/ai";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { api, isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { ArrowDown, ArrowRight, ArrowUp, Pencil, Plus, RotateCcw, X } from "lucide-react";
import { useMemo, useState } from "react";
import { LoadError, RequirePermission, SettingsHeader } from "../settings-ui";
import { AI_KEY, modelsQuery, routesQuery } from "./ai-api";
import { CardsSkeleton, OfflineBadge, SKIP_REASONS, TASKS } from "./ai-ui";

export function AiRoutingPage() {
  return (
    <RequirePermission action="ai.settings.read" what="AI settings">
      <Routing />
    </RequirePermission>
  );
}

function Routing() {
  const routes = useQuery(routesQuery);
  const models = useQuery(modelsQuery);
  const catalog = useMemo(
    () => new Map((models.data ?? []).map((model) => [model.ref, model])),
    [models.data],
  );

  return (
    <>
      <SettingsHeader
        title="Routing"
        description="For each kind of work, the models to try in order. If one fails, times out, is over its context size or has its circuit open, the next answers; language tasks always end with Cairn's offline model, so something answers."
      />
      {routes.isPending || models.isPending ? (
        <CardsSkeleton cards={3} rows={2} />
      ) : routes.isError || models.isError ? (
        <LoadError
          error={routes.error ?? models.error}
          onRetry={() => {
            void routes.refetch();
            void models.refetch();
          }}
        />
      ) : (
        <div className="space-y-4">
          {TASKS.map(({ task, label, description }) => {
            const route = routes.data.find((entry) => entry.task === task);
            return route ? (
              <RouteCard
                key={task}
                route={route}
                label={label}
                description={description}
                catalog={catalog}
                models={models.data}
              />
            ) : null;
          })}
        </div>
      )}
    </>
  );
}

function ModelChip({
  refName,
  model,
  muted,
}: {
  refName: string;
  model: AiModel | undefined;
  muted?: boolean;
}) {
  const offline = model?.provider === "offline";
  return (
    <span
      className={cn(
        "inline-flex max-w-full items-center gap-1.5 rounded-md border px-2 py-1 text-[13px]",
        muted ? "border-dashed border-border-strong text-ink-muted" : "border-border bg-subtle text-ink",
        offline && !muted && "border-warning-700/25 bg-warning-50",
      )}
      title={refName}
    >
      <span className="truncate font-medium">{model?.label ?? refName}</span>
    </span>
  );
}

function RouteCard({
  route,
  label,
  description,
  catalog,
  models,
}: {
  route: AiRoute;
  label: string;
  description: string;
  catalog: Map<string, AiModel>;
  models: AiModel[];
}) {
  const { can } = useSession();
  const writable = can("ai.settings.write");
  const [editing, setEditing] = useState(false);
  const [resetting, setResetting] = useState(false);
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => api.delete(`/ai/routes/${route.task}`),
    onSuccess: async () => {
      setResetting(false);
      toast.success(`${label} uses the server's default chain again`);
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });
  const own = route.model_refs !== null;
  const effective = route.effective.model_refs;
  const skipped = route.effective.skipped;

  return (
    <Card className="p-5 sm:p-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-2 font-semibold text-[15px] text-ink">
            {label}
            {own ? (
              <Badge variant="accent">Your chain</Badge>
            ) : (
              <Badge variant="outline">Server default</Badge>
            )}
          </h3>
          <p className="mt-0.5 text-ink-muted text-sm">{description}</p>
        </div>
        {writable && !editing ? (
          <div className="flex shrink-0 gap-2">
            {own ? (
              <Button variant="ghost" size="sm" onClick={() => setResetting(true)}>
                <RotateCcw aria-hidden="true" />
                Reset
              </Button>
            ) : null}
            <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" />
              {own ? "Edit chain" : "Customise"}
            </Button>
          </div>
        ) : null}
      </div>
      {editing ? (
        <ChainEditor
          route={route}
          label={label}
          initial={route.model_refs ?? effective.filter((ref) => catalog.get(ref)?.provider !== "offline")}
          models={models}
          catalog={catalog}
          onDone={() => setEditing(false)}
        />
      ) : (
        <div className="mt-4">
          <p className="mb-2 font-medium text-ink-muted text-xs uppercase tracking-wider">A call tries now</p>
          {effective.length === 0 ? (
            <p className="text-ink-muted text-sm">
              {route.kind === "embedding"
                ? "No embedding model has a key: search uses full text only."
                : "Nothing yet."}
            </p>
          ) : (
            <ol className="flex flex-wrap items-center gap-1.5">
              {effective.map((ref, index) => (
                <li key={ref} className="flex min-w-0 items-center gap-1.5">
                  {index > 0 ? (
                    <ArrowRight className="size-3.5 shrink-0 text-ink-faint" aria-hidden="true" />
                  ) : null}
                  <ModelChip refName={ref} model={catalog.get(ref)} />
                  {catalog.get(ref)?.provider === "offline" ? <OfflineBadge /> : null}
                </li>
              ))}
            </ol>
          )}
          {skipped.length > 0 ? (
            <p className="mt-3 text-ink-muted text-xs leading-relaxed">
              Skipped:{" "}
              {skipped.map((entry, index) => (
                <span key={`${entry.ref}-${entry.reason}`}>
                  {index > 0 ? ", " : ""}
                  <span className="text-ink-soft">{catalog.get(entry.ref)?.label ?? entry.ref}</span> (
                  {SKIP_REASONS[entry.reason] ?? entry.reason})
                </span>
              ))}
            </p>
          ) : null}
        </div>
      )}
      <ConfirmDialog
        open={resetting}
        onClose={() => {
          setResetting(false);
          reset.reset();
        }}
        onConfirm={() => reset.mutate()}
        pending={reset.isPending}
        destructive={false}
        title={`Reset ${label} to the default?`}
        description="Your chain is forgotten and the server's default order applies from the next call."
        confirmLabel="Reset to default"
        error={
          reset.error ? (
            <Alert variant="danger" live>
              {formErrorOf(reset.error)}
            </Alert>
          ) : null
        }
      />
    </Card>
  );
}

/** The models a refused chain named and what is wrong with each (the server's VALIDATION_ERROR details). */
function chainProblems(error: unknown): { ref: string; problem: string }[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (entry): entry is { ref: string; problem: string } =>
      typeof entry === "object" && entry !== null && typeof entry.ref === "string" && entry.ref !== "",
  );
}

function ChainEditor({
  route,
  label,
  initial,
  models,
  catalog,
  onDone,
}: {
  route: AiRoute;
  label: string;
  initial: string[];
  models: AiModel[];
  catalog: Map<string, AiModel>;
  onDone: () => void;
}) {
  const [chain, setChain] = useState<string[]>(initial);
  const [adding, setAdding] = useState("");
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (refs: string[]) => api.put<AiRoute>(`/ai/routes/${route.task}`, { model_refs: refs }),
    onSuccess: async () => {
      toast.success(`${label} chain saved`);
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
      onDone();
    },
  });
  const candidates = models.filter(
    (model) => model.kind === route.kind && model.enabled && !chain.includes(model.ref),
  );

  function move(index: number, by: -1 | 1) {
    setChain((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  }

  return (
    <div className="mt-4 space-y-3">
      {save.error ? (
        <Alert variant="danger" live>
          {formErrorOf(save.error)}
          {chainProblems(save.error).length > 0 ? (
            <ul className="mt-1 list-disc pl-4">
              {chainProblems(save.error).map((entry) => (
                <li key={entry.ref}>
                  {entry.ref}: {entry.problem}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <ol className="divide-y divide-border overflow-hidden rounded-lg border border-border">
        {chain.length === 0 ? (
          <li className="px-4 py-3 text-ink-muted text-sm">Add at least one model.</li>
        ) : null}
        {chain.map((ref, index) => {
          const model = catalog.get(ref);
          return (
            <li key={ref} className="flex items-center gap-3 bg-surface px-3 py-2">
              <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-muted font-medium text-ink-soft text-xs tabular-nums">
                {index + 1}
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2 truncate font-medium text-ink text-sm">
                  {model?.label ?? ref}
                  {model?.provider === "offline" ? <OfflineBadge /> : null}
                  {model && !model.available && model.provider !== "offline" ? (
                    <Badge variant="neutral">No key</Badge>
                  ) : null}
                </p>
                <code className="block truncate font-mono text-ink-muted text-xs">{ref}</code>
              </div>
              <div className="flex shrink-0 gap-0.5">
                <Button
                  size="icon-sm"
                  variant="ghost"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label={`Move ${model?.label ?? ref} up`}
                >
                  <ArrowUp />
                </Button>
                <Button
                  size="icon-sm"
                  variant="ghost"
                  disabled={index === chain.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label={`Move ${model?.label ?? ref} down`}
                >
                  <ArrowDown />
                </Button>
                <Button
                  size="icon-sm"
                  variant="ghost"
                  className="text-ink-muted hover:text-danger-700"
                  onClick={() => setChain((current) => current.filter((entry) => entry !== ref))}
                  aria-label={`Remove ${model?.label ?? ref}`}
                >
                  <X />
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Select
          value={adding}
          onChange={(event) => setAdding(event.target.value)}
          aria-label="Model to add"
          className="sm:max-w-sm"
        >
          <option value="">Choose a model to add…</option>
          {candidates.map((model) => (
            <option key={model.ref} value={model.ref}>
              {model.label} ({model.ref}){model.available ? "" : " — no key"}
            </option>
          ))}
        </Select>
        <Button
          variant="outline"
          disabled={!adding || chain.length >= 10}
          onClick={() => {
            setChain((current) => [...current, adding]);
            setAdding("");
          }}
        >
          <Plus aria-hidden="true" />
          Add to chain
        </Button>
      </div>
      {route.kind === "language" && !chain.some((ref) => catalog.get(ref)?.provider === "offline") ? (
        <p className="text-ink-muted text-xs">
          If every model above fails, Cairn's offline model answers last.
        </p>
      ) : null}
      <div className="flex justify-end gap-2 border-border border-t pt-4">
        <Button variant="outline" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button onClick={() => save.mutate(chain)} disabled={chain.length === 0 || save.isPending}>
          {save.isPending ? <Spinner /> : null}
          Save chain
        </Button>
      </div>
    </div>
  );
}
