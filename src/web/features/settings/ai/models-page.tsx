import type { AiModel, AiModelInput } from "@shared/ai";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Switch } from "@web/components/ui/switch";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { Tabs } from "@web/components/ui/tabs";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { Boxes, Check, Pencil, Plus, RotateCcw, Search, X } from "lucide-react";
import { Fragment, useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "../settings-ui";
import { AI_KEY, modelsQuery } from "./ai-api";
import { formatCompact, formatUsd, OfflineBadge, ProviderMark } from "./ai-ui";

export function AiModelsPage() {
  return (
    <RequirePermission action="ai.settings.read" what="AI settings">
      <Models />
    </RequirePermission>
  );
}

type KindFilter = "all" | "language" | "embedding";

const toInput = (model: AiModel): AiModelInput => ({
  provider: model.provider,
  model_id: model.model_id,
  kind: model.kind,
  label: model.label,
  input_usd_per_mtok: model.input_usd_per_mtok,
  output_usd_per_mtok: model.output_usd_per_mtok,
  context_tokens: model.context_tokens,
  enabled: model.enabled,
});

function useSaveModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AiModelInput) => api.put<AiModel>("/ai/models", input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });
}

function Models() {
  const { can } = useSession();
  const writable = can("ai.settings.write");
  const models = useQuery(modelsQuery);
  const [kind, setKind] = useState<KindFilter>("all");
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AiModel | null>(null);
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: (model: AiModel) => api.delete("/ai/models", { query: { ref: model.ref } }),
    onSuccess: async (_, model) => {
      setResetting(null);
      toast.success(
        model.overrides_default ? `${model.label} is back to its default` : `${model.label} removed`,
      );
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });

  const all = models.data ?? [];
  const needle = search.trim().toLowerCase();
  const rows = all.filter(
    (model) =>
      (kind === "all" || model.kind === kind) &&
      (!needle || model.label.toLowerCase().includes(needle) || model.ref.toLowerCase().includes(needle)),
  );

  return (
    <>
      <SettingsHeader
        title="Models & prices"
        description="Every model Cairn can route to, with the price it charges per million tokens. Change a price to match your contract; costs and budgets use your numbers from the next call on."
        actions={
          writable ? (
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden="true" />
              Add a model
            </Button>
          ) : null
        }
      />
      <Card className="overflow-hidden">
        <div className="flex flex-col gap-3 border-border border-b px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
          <Tabs
            label="Kind of model"
            value={kind}
            onChange={setKind}
            items={[
              { value: "all", label: "All", count: all.length },
              {
                value: "language",
                label: "Language",
                count: all.filter((m) => m.kind === "language").length,
              },
              {
                value: "embedding",
                label: "Embedding",
                count: all.filter((m) => m.kind === "embedding").length,
              },
            ]}
          />
          <div className="relative sm:w-64">
            <Search
              className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-ink-faint"
              aria-hidden="true"
            />
            <Input
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Filter models"
              aria-label="Filter models"
              className="pl-8"
            />
          </div>
        </div>
        {models.isPending ? (
          <TableSkeleton rows={6} columns={5} />
        ) : models.isError ? (
          <div className="p-5">
            <LoadError error={models.error} onRetry={() => void models.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          <InlineEmpty icon={Boxes} title="No models match" description="Try another name or kind." />
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Model</Th>
                <Th className="text-right">Input $/M</Th>
                <Th className="text-right">Output $/M</Th>
                <Th className="text-right">Context</Th>
                <Th className="hidden xl:table-cell">Source</Th>
                <Th className="w-16 text-center">On</Th>
                <Th className="w-24">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {groupByProvider(rows).map((group) => (
                <Fragment key={group.provider}>
                  <tr className="bg-subtle/70">
                    <td colSpan={7} className="px-5 py-2">
                      <div className="flex items-center gap-2.5">
                        <ProviderMark
                          kind={group.kind}
                          name={group.provider}
                          className="size-6 rounded-md text-[10px]"
                        />
                        <span className="font-medium text-ink text-sm">{group.label}</span>
                        {group.provider === "offline" ? (
                          <OfflineBadge />
                        ) : group.available ? (
                          <Badge variant="success">Has a key</Badge>
                        ) : (
                          <Badge
                            variant="neutral"
                            title="Neither the server nor your organization has a key for it"
                          >
                            No key
                          </Badge>
                        )}
                        <span className="ml-auto text-ink-muted text-xs">
                          {group.models.length} {group.models.length === 1 ? "model" : "models"}
                        </span>
                      </div>
                    </td>
                  </tr>
                  {group.models.map((model) => (
                    <ModelRow key={model.ref} model={model} writable={writable} onReset={setResetting} />
                  ))}
                </Fragment>
              ))}
            </TBody>
          </Table>
        )}
        {rows.length > 0 ? (
          <p className="border-border border-t px-5 py-3 text-ink-muted text-xs">
            Models without a key are listed so you can price and route them ahead of time; they are skipped
            until their provider has a key. A disabled model is never called, whatever the routing says.
          </p>
        ) : null}
      </Card>
      <AddModelDialog open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={resetting !== null}
        onClose={() => {
          setResetting(null);
          reset.reset();
        }}
        onConfirm={() => resetting && reset.mutate(resetting)}
        pending={reset.isPending}
        destructive={!resetting?.overrides_default}
        title={
          resetting?.overrides_default ? `Reset ${resetting.label}?` : `Remove ${resetting?.label ?? ""}?`
        }
        description={
          resetting?.overrides_default
            ? "Its price, context size and on/off switch go back to the defaults."
            : "It leaves your catalog. Routing chains that name it skip it from now on."
        }
        confirmLabel={resetting?.overrides_default ? "Reset to default" : "Remove model"}
        error={
          reset.error ? (
            <Alert variant="danger" live>
              {formErrorOf(reset.error)}
            </Alert>
          ) : null
        }
      />
    </>
  );
}

const KNOWN_PROVIDERS: Record<string, { label: string; kind: string }> = {
  openai: { label: "OpenAI", kind: "openai" },
  anthropic: { label: "Anthropic", kind: "anthropic" },
  mistral: { label: "Mistral", kind: "mistral" },
  bedrock: { label: "Amazon Bedrock", kind: "bedrock" },
  offline: { label: "Cairn offline", kind: "offline" },
};

/** Rows under their provider: providers with a key first, then the offline model, then the rest. */
function groupByProvider(models: AiModel[]) {
  const groups = new Map<string, AiModel[]>();
  for (const model of models) groups.set(model.provider, [...(groups.get(model.provider) ?? []), model]);
  const rank = (provider: string, available: boolean) => (provider === "offline" ? 1 : available ? 0 : 2);
  return [...groups.entries()]
    .map(([provider, entries]) => ({
      provider,
      label: KNOWN_PROVIDERS[provider]?.label ?? provider,
      kind: KNOWN_PROVIDERS[provider]?.kind ?? "openai-compatible",
      available: entries.some((model) => model.available),
      models: entries,
    }))
    .sort(
      (a, b) =>
        rank(a.provider, a.available) - rank(b.provider, b.available) || a.label.localeCompare(b.label),
    );
}

const SOURCE_LABELS: Record<AiModel["source"], string> = {
  built_in: "Built in",
  instance: "This server",
  org: "Yours",
};

function ModelRow({
  model,
  writable,
  onReset,
}: {
  model: AiModel;
  writable: boolean;
  onReset: (model: AiModel) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [input, setInput] = useState(String(model.input_usd_per_mtok));
  const [output, setOutput] = useState(String(model.output_usd_per_mtok));
  const [context, setContext] = useState(String(model.context_tokens));
  const save = useSaveModel();
  const offline = model.provider === "offline";

  function startEditing() {
    setInput(String(model.input_usd_per_mtok));
    setOutput(String(model.output_usd_per_mtok));
    setContext(String(model.context_tokens));
    save.reset();
    setEditing(true);
  }

  function commit() {
    save.mutate(
      {
        ...toInput(model),
        input_usd_per_mtok: Number(input),
        output_usd_per_mtok: model.kind === "embedding" ? 0 : Number(output),
        context_tokens: Math.round(Number(context)),
      },
      {
        onSuccess: () => {
          setEditing(false);
          toast.success(`${model.label} updated`);
        },
      },
    );
  }

  function toggle(enabled: boolean) {
    save.mutate(
      { ...toInput(model), enabled },
      {
        onSuccess: () => toast.success(`${model.label} ${enabled ? "enabled" : "disabled"}`),
        onError: (error) =>
          toast.error(`Could not change ${model.label}`, { description: formErrorOf(error) }),
      },
    );
  }

  const numberInput = "h-8 w-24 text-right tabular-nums";
  return (
    <Tr className={cn(!model.enabled && "text-ink-muted")}>
      <Td>
        <span className={cn("font-medium", model.enabled ? "text-ink" : "text-ink-muted")}>
          {model.label}
        </span>
        <span className="mt-0.5 block text-ink-muted text-xs">
          <code className="font-mono">{model.ref}</code>
          {model.kind === "embedding" ? " · embedding" : ""}
          {!model.enabled ? " · off" : ""}
        </span>
        {editing && save.error ? (
          <p className="mt-1 text-danger-700 text-xs">{formErrorOf(save.error)}</p>
        ) : null}
      </Td>
      <Td className="text-right tabular-nums">
        {editing ? (
          <Input
            className={numberInput}
            type="number"
            min={0}
            step="0.01"
            value={input}
            aria-label={`Input price of ${model.label}`}
            onChange={(event) => setInput(event.target.value)}
          />
        ) : (
          formatUsd(model.input_usd_per_mtok)
        )}
      </Td>
      <Td className="text-right tabular-nums">
        {model.kind === "embedding" ? (
          <span className="text-ink-faint">—</span>
        ) : editing ? (
          <Input
            className={numberInput}
            type="number"
            min={0}
            step="0.01"
            value={output}
            aria-label={`Output price of ${model.label}`}
            onChange={(event) => setOutput(event.target.value)}
          />
        ) : (
          formatUsd(model.output_usd_per_mtok)
        )}
      </Td>
      <Td className="text-right tabular-nums">
        {editing ? (
          <Input
            className={numberInput}
            type="number"
            min={256}
            step={1024}
            value={context}
            aria-label={`Context window of ${model.label}`}
            onChange={(event) => setContext(event.target.value)}
          />
        ) : (
          formatCompact(model.context_tokens)
        )}
      </Td>
      <Td className="hidden xl:table-cell">
        {model.overrides_default ? (
          <Badge variant="accent">Your price</Badge>
        ) : (
          <Badge variant={model.source === "org" ? "accent" : "outline"}>{SOURCE_LABELS[model.source]}</Badge>
        )}
      </Td>
      <Td className="text-center">
        <Switch
          size="sm"
          checked={model.enabled}
          disabled={!writable || offline || save.isPending}
          onCheckedChange={toggle}
          aria-label={`${model.label} enabled`}
          title={
            offline ? "The offline model cannot be turned off: it answers when nothing else can" : undefined
          }
        />
      </Td>
      <Td className="text-right">
        {!writable ? null : editing ? (
          <div className="flex justify-end gap-1">
            <Button size="icon-sm" variant="ghost" onClick={() => setEditing(false)} aria-label="Cancel">
              <X />
            </Button>
            <Button
              size="icon-sm"
              onClick={commit}
              disabled={save.isPending}
              aria-label={`Save ${model.label}`}
            >
              {save.isPending ? <Spinner /> : <Check />}
            </Button>
          </div>
        ) : (
          <div className="flex justify-end gap-1">
            <Button size="icon-sm" variant="ghost" onClick={startEditing} aria-label={`Edit ${model.label}`}>
              <Pencil />
            </Button>
            {model.source === "org" ? (
              <Button
                size="icon-sm"
                variant="ghost"
                onClick={() => onReset(model)}
                aria-label={model.overrides_default ? `Reset ${model.label}` : `Remove ${model.label}`}
                title={model.overrides_default ? "Reset to default" : "Remove"}
              >
                {model.overrides_default ? <RotateCcw /> : <X />}
              </Button>
            ) : (
              <span className="size-8" />
            )}
          </div>
        )}
      </Td>
    </Tr>
  );
}

function AddModelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add a model"
      description="Any model your providers serve: name it by the provider (or key name) and the provider's own model id."
    >
      <AddModelForm onDone={onClose} />
    </Dialog>
  );
}

function AddModelForm({ onDone }: { onDone: () => void }) {
  const save = useSaveModel();
  const [form, setForm] = useState({
    provider: "",
    model_id: "",
    kind: "language" as AiModel["kind"],
    label: "",
    input: "0",
    output: "0",
    context: "128000",
  });
  const update = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, [
    "provider",
    "model_id",
    "label",
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "context_tokens",
  ]);
  const ready = form.provider && form.model_id.trim() && form.label.trim();

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        save.mutate(
          {
            provider: form.provider.trim(),
            model_id: form.model_id.trim(),
            kind: form.kind,
            label: form.label.trim(),
            input_usd_per_mtok: Number(form.input),
            output_usd_per_mtok: form.kind === "embedding" ? 0 : Number(form.output),
            context_tokens: Math.round(Number(form.context)),
            enabled: true,
          },
          {
            onSuccess: (saved) => {
              toast.success(`${saved.label} added`, {
                description: `Route tasks to ${saved.ref} under Routing.`,
              });
              onDone();
            },
          },
        );
      }}
    >
      <div className="space-y-4">
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Provider" error={errors.provider} hint="openai, anthropic, or your key's name">
            {(control) => (
              <Input
                {...control}
                value={form.provider}
                required
                placeholder="openrouter"
                onChange={(event) => update({ provider: event.target.value.toLowerCase() })}
              />
            )}
          </Field>
          <Field label="Model id" error={errors.model_id}>
            {(control) => (
              <Input
                {...control}
                value={form.model_id}
                required
                placeholder="meta-llama/llama-3.1-70b-instruct"
                onChange={(event) => update({ model_id: event.target.value })}
              />
            )}
          </Field>
          <Field label="Label" error={errors.label}>
            {(control) => (
              <Input
                {...control}
                value={form.label}
                required
                placeholder="Llama 3.1 70B"
                onChange={(event) => update({ label: event.target.value })}
              />
            )}
          </Field>
          <Field label="Kind">
            {(control) => (
              <Select
                {...control}
                value={form.kind}
                onChange={(event) => update({ kind: event.target.value as AiModel["kind"] })}
              >
                <option value="language">Language model</option>
                <option value="embedding">Embedding model</option>
              </Select>
            )}
          </Field>
          <Field label="Input $ per million tokens" error={errors.input_usd_per_mtok}>
            {(control) => (
              <Input
                {...control}
                type="number"
                min={0}
                step="0.01"
                value={form.input}
                onChange={(event) => update({ input: event.target.value })}
              />
            )}
          </Field>
          <Field label="Output $ per million tokens" error={errors.output_usd_per_mtok}>
            {(control) => (
              <Input
                {...control}
                type="number"
                min={0}
                step="0.01"
                value={form.kind === "embedding" ? "0" : form.output}
                disabled={form.kind === "embedding"}
                onChange={(event) => update({ output: event.target.value })}
              />
            )}
          </Field>
          <Field label="Context window (tokens)" error={errors.context_tokens}>
            {(control) => (
              <Input
                {...control}
                type="number"
                min={256}
                step={1024}
                value={form.context}
                onChange={(event) => update({ context: event.target.value })}
              />
            )}
          </Field>
        </div>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={!ready || save.isPending}>
          {save.isPending ? <Spinner /> : null}
          Add model
        </Button>
      </DialogFooter>
    </form>
  );
}
