import type { AiCredential, AiCredentialInput, AiCredentialKind, AiInstanceProvider } from "@shared/ai";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, PasswordInput, Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate, formatDateTime, formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { CircleCheck, KeyRound, Plus, ShieldAlert, Zap } from "lucide-react";
import { useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsCard, SettingsHeader } from "../settings-ui";
import { AI_KEY, breakersQuery, providersQuery } from "./ai-api";
import { CardsSkeleton, OfflineBadge, PROVIDER_LABELS, ProviderMark } from "./ai-ui";

export function AiProvidersPage() {
  return (
    <RequirePermission action="ai.settings.read" what="AI settings">
      <Providers />
    </RequirePermission>
  );
}

function Providers() {
  const { can } = useSession();
  const providers = useQuery(providersQuery);
  const [editing, setEditing] = useState<AiCredential | "new" | null>(null);
  const [removing, setRemoving] = useState<AiCredential | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (credential: AiCredential) => api.delete(`/ai/credentials/${credential.id}`),
    onSuccess: async (_, credential) => {
      setRemoving(null);
      toast.success(`${credential.label} removed`, {
        description: "Its models fall back to the instance's key, if there is one.",
      });
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });
  const writable = can("ai.settings.write");

  if (providers.isPending) return <ProvidersShell>{<CardsSkeleton cards={2} rows={4} />}</ProvidersShell>;
  if (providers.isError)
    return (
      <ProvidersShell>
        <LoadError error={providers.error} onRetry={() => void providers.refetch()} />
      </ProvidersShell>
    );

  const { instance, credentials, encryption_key_configured: canStore } = providers.data;
  const onlyOffline = !instance.some((provider) => provider.kind !== "offline" && provider.configured);

  return (
    <ProvidersShell
      actions={
        writable ? (
          <Button onClick={() => setEditing("new")} disabled={!canStore}>
            <Plus aria-hidden="true" />
            Add a key
          </Button>
        ) : null
      }
    >
      <div className="space-y-6">
        {onlyOffline && credentials.length === 0 ? (
          <Alert variant="warning" title="Every AI answer comes from the offline provider">
            No LLM provider is configured yet. Cairn still answers, from your own data and without a language
            model — summaries of what is at risk and extractive answers with citations. Add your
            organization's key below, or ask whoever runs this server to set one for everybody.
          </Alert>
        ) : null}
        <SettingsCard
          title="Your organization's keys"
          description="Bring your own key: it is used instead of the server's for its provider, and billed to your account. Keys are encrypted at rest and can never be read back — only their last characters are shown."
          className="overflow-hidden"
        >
          {!canStore ? (
            <Alert variant="info" title="This server cannot store keys yet" className="mb-4">
              Whoever runs Cairn needs to set{" "}
              <code className="font-mono text-[12px]">CAIRN_ENCRYPTION_KEY</code> (32 random bytes, e.g.{" "}
              <code className="whitespace-nowrap font-mono text-[12px]">openssl rand -base64 32</code>) before
              organizations can add their own keys.
            </Alert>
          ) : null}
          {credentials.length === 0 ? (
            <div className="-mx-5 -mb-5 border-border border-t sm:-mx-6">
              <InlineEmpty
                icon={KeyRound}
                title="No keys of your own"
                description="Add an OpenAI, Anthropic, Mistral, Bedrock or any OpenAI-compatible key (OpenRouter, Azure, Ollama) to route this organization's calls through your own account."
                action={
                  writable && canStore ? (
                    <Button size="sm" onClick={() => setEditing("new")}>
                      <Plus aria-hidden="true" />
                      Add a key
                    </Button>
                  ) : undefined
                }
              />
            </div>
          ) : (
            <div className="-mx-5 -mb-5 border-border border-t sm:-mx-6">
              <CredentialsTable
                credentials={credentials}
                writable={writable}
                onReplace={setEditing}
                onRemove={setRemoving}
              />
            </div>
          )}
        </SettingsCard>
        <InstanceProvidersCard providers={instance} />
        <BreakersCard />
      </div>
      <CredentialDialog
        open={editing !== null}
        credential={editing === "new" ? null : editing}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing)}
        pending={remove.isPending}
        title={`Remove ${removing?.label ?? "this key"}?`}
        description={`Calls to ${removing?.name ?? "this provider"} models stop using this key at once. If the server has its own key for the provider, that one is used; otherwise those models are skipped and the next model in the chain answers.`}
        confirmLabel="Remove key"
        error={
          remove.error ? (
            <Alert variant="danger" live>
              {formErrorOf(remove.error)}
            </Alert>
          ) : null
        }
      />
    </ProvidersShell>
  );
}

function ProvidersShell({ children, actions }: { children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <>
      <SettingsHeader
        title="Providers & keys"
        description="Which language model providers Cairn can call for this organization, and whose keys it uses."
        actions={actions}
      />
      {children}
    </>
  );
}

function CredentialsTable({
  credentials,
  writable,
  onReplace,
  onRemove,
}: {
  credentials: AiCredential[];
  writable: boolean;
  onReplace: (credential: AiCredential) => void;
  onRemove: (credential: AiCredential) => void;
}) {
  return (
    <Table>
      <THead>
        <tr>
          <Th>Key</Th>
          <Th className="hidden md:table-cell">Used for</Th>
          <Th>Status</Th>
          <Th className="hidden lg:table-cell">Updated</Th>
          <Th className="w-40">
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </THead>
      <TBody>
        {credentials.map((credential) => (
          <Tr key={credential.id}>
            <Td>
              <div className="flex items-center gap-3">
                <ProviderMark kind={credential.provider} name={credential.name} />
                <div className="min-w-0">
                  <p className="font-medium text-ink">{credential.label}</p>
                  <p className="text-ink-muted text-xs">
                    {PROVIDER_LABELS[credential.provider]} ·{" "}
                    <code className="font-mono" title="The key itself is never shown">
                      {credential.key_hint.replace("…", "••••")}
                    </code>
                  </p>
                </div>
              </div>
            </Td>
            <Td className="hidden text-ink-muted md:table-cell">
              <code className="font-mono text-[13px] text-ink-soft">{credential.name}:*</code>
              <span className="block text-xs">
                {credential.model_count} {credential.model_count === 1 ? "model" : "models"}
                {credential.base_url ? ` · ${credential.base_url}` : ""}
                {credential.region ? ` · ${credential.region}` : ""}
              </span>
            </Td>
            <Td>
              {credential.status === "available" ? (
                <Badge variant="success">
                  <CircleCheck aria-hidden="true" />
                  In use
                </Badge>
              ) : (
                <Badge variant="danger" title="The server's CAIRN_ENCRYPTION_KEY does not open this key">
                  <ShieldAlert aria-hidden="true" />
                  Unreadable
                </Badge>
              )}
            </Td>
            <Td className="hidden whitespace-nowrap text-ink-muted lg:table-cell">
              <span title={formatDateTime(credential.updated_at)}>
                {formatRelative(credential.updated_at)}
              </span>
            </Td>
            <Td className="text-right">
              {writable ? (
                <div className="flex justify-end gap-1">
                  <Button variant="ghost" size="sm" onClick={() => onReplace(credential)}>
                    Replace
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-danger-700 hover:bg-danger-50 hover:text-danger-700"
                    onClick={() => onRemove(credential)}
                    aria-label={`Remove ${credential.label}`}
                  >
                    Remove
                  </Button>
                </div>
              ) : null}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function InstanceProvidersCard({ providers }: { providers: AiInstanceProvider[] }) {
  return (
    <SettingsCard
      title="Set up on this server"
      description="Providers configured in the server's environment serve every organization on it. Only whoever runs Cairn can change them."
    >
      <ul className="-my-1 divide-y divide-border">
        {providers.map((provider) => (
          <li key={provider.name} className="flex flex-col gap-3 py-3.5 sm:flex-row sm:items-center">
            <div className="flex min-w-0 flex-1 items-center gap-3">
              <ProviderMark kind={provider.kind} name={provider.name} />
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium text-ink text-sm">
                  {provider.label}
                  {provider.kind === "openai-compatible" && provider.configured ? (
                    <code className="font-mono font-normal text-ink-muted text-xs">{provider.name}</code>
                  ) : null}
                  {provider.kind === "offline" ? <OfflineBadge /> : null}
                </p>
                <p className="mt-0.5 text-ink-muted text-xs leading-relaxed">
                  {provider.kind === "offline" ? (
                    "Always available. Answers from your own data without a language model: summaries of at-risk key results and overdue RAID items, extractive answers with citations."
                  ) : provider.configured ? (
                    <>
                      {provider.model_count} {provider.model_count === 1 ? "model" : "models"}
                      {provider.base_url ? ` · ${provider.base_url}` : ""}
                      {provider.region ? ` · ${provider.region}` : ""}
                    </>
                  ) : (
                    <>
                      Set{" "}
                      {provider.env.slice(0, provider.kind === "bedrock" ? 3 : 1).map((variable, index) => (
                        <span key={variable}>
                          {index > 0 ? ", " : ""}
                          <code className="font-mono text-[11px] text-ink-soft">{variable}</code>
                        </span>
                      ))}{" "}
                      on the server to enable it.
                    </>
                  )}
                </p>
              </div>
            </div>
            <div className="flex shrink-0 items-center gap-2 pl-12 sm:pl-0">
              {provider.overridden_by_credential ? <Badge variant="accent">Your key is used</Badge> : null}
              {provider.kind === "offline" ? (
                <Badge variant="neutral">Built in</Badge>
              ) : provider.configured ? (
                <Badge variant="success">
                  <CircleCheck aria-hidden="true" />
                  Configured
                </Badge>
              ) : (
                <Badge variant="outline">Not configured</Badge>
              )}
            </div>
          </li>
        ))}
      </ul>
    </SettingsCard>
  );
}

function BreakersCard() {
  const breakers = useQuery(breakersQuery);
  const open = (breakers.data ?? []).filter((breaker) => breaker.status !== "closed");
  return (
    <SettingsCard
      title="Circuit breakers"
      description="After repeated failures a model is skipped for a while and the next one in the chain answers. These are this server's breakers; each replica keeps its own."
    >
      {breakers.isPending ? (
        <Spinner label="Loading" />
      ) : breakers.isError ? (
        <LoadError error={breakers.error} onRetry={() => void breakers.refetch()} />
      ) : open.length === 0 ? (
        <p className="flex items-center gap-2 text-ink-soft text-sm">
          <Zap className="size-4 text-success-700" aria-hidden="true" />
          {breakers.data.length === 0
            ? "No failures recorded: every circuit is closed."
            : `All ${breakers.data.length} circuits are closed.`}
        </p>
      ) : (
        <ul className="space-y-2">
          {open.map((breaker) => (
            <li key={breaker.key} className="flex flex-wrap items-center gap-2 text-sm">
              <Badge variant={breaker.status === "open" ? "danger" : "warning"}>
                {breaker.status === "open" ? "Open" : "Half open"}
              </Badge>
              <code className="font-mono text-[13px] text-ink">{breaker.ref}</code>
              {breaker.retry_at ? (
                <span className="text-ink-muted text-xs">
                  retries {formatRelative(breaker.retry_at)} ({formatDate(breaker.retry_at)})
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </SettingsCard>
  );
}

const KINDS: { value: AiCredentialKind; label: string; hint: string }[] = [
  { value: "openai", label: "OpenAI", hint: "Models named openai:…" },
  { value: "anthropic", label: "Anthropic", hint: "Models named anthropic:…" },
  { value: "mistral", label: "Mistral", hint: "Models named mistral:…" },
  { value: "bedrock", label: "Amazon Bedrock", hint: "Models named bedrock:…" },
  {
    value: "openai-compatible",
    label: "OpenAI-compatible endpoint",
    hint: "OpenRouter, Azure OpenAI, Together, vLLM, Ollama…",
  },
];

function CredentialDialog({
  open,
  credential,
  onClose,
}: {
  open: boolean;
  credential: AiCredential | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={credential ? `Replace ${credential.label}` : "Add a provider key"}
      description={
        credential
          ? "Leave the key empty to keep the stored one and change only the details."
          : "The key is encrypted before it is stored and is never shown again, not even to you."
      }
    >
      <CredentialForm credential={credential} onDone={onClose} />
    </Dialog>
  );
}

function CredentialForm({ credential, onDone }: { credential: AiCredential | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<AiCredentialKind>(credential?.provider ?? "openai");
  const [name, setName] = useState(credential?.name ?? "openai");
  const [nameTouched, setNameTouched] = useState(Boolean(credential));
  const [label, setLabel] = useState(credential?.label ?? "");
  const [baseUrl, setBaseUrl] = useState(credential?.base_url ?? "");
  const [region, setRegion] = useState(credential?.region ?? "");
  const [apiKey, setApiKey] = useState("");
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [header, setHeader] = useState(credential?.api_key_header ?? "authorization");
  const save = useMutation({
    mutationFn: (input: AiCredentialInput) => api.put<AiCredential>(`/ai/credentials/${name}`, input),
    onSuccess: async (saved) => {
      toast.success(credential ? `${saved.label} updated` : `${saved.label} added`, {
        description: `Calls to ${saved.name}:* models now use this key.`,
      });
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
      onDone();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["label", "base_url", "region", "api_key"]);
  const compatible = provider === "openai-compatible";
  const bedrock = provider === "bedrock";
  const kind = KINDS.find((entry) => entry.value === provider)!;

  function chooseProvider(next: AiCredentialKind) {
    setProvider(next);
    if (!nameTouched) setName(next === "openai-compatible" ? "" : next);
    if (!label || KINDS.some((entry) => entry.label === label)) {
      setLabel(KINDS.find((entry) => entry.value === next)!.label);
    }
  }

  function submit() {
    save.mutate({
      provider,
      label: label.trim() || kind.label,
      base_url: baseUrl.trim() || null,
      region: bedrock ? region.trim() || null : null,
      api_key_header: compatible ? header : "authorization",
      api_key: bedrock ? apiKey.trim() || undefined : apiKey.trim() || undefined,
      access_key_id: bedrock ? accessKeyId.trim() || undefined : undefined,
      secret_access_key: bedrock ? secretAccessKey.trim() || undefined : undefined,
    });
  }

  const hasSecret = bedrock
    ? Boolean(apiKey.trim() || (accessKeyId.trim() && secretAccessKey.trim()))
    : Boolean(apiKey.trim());
  const ready =
    Boolean(name) &&
    (credential !== null || hasSecret) &&
    (!compatible || baseUrl.trim()) &&
    (!bedrock || region.trim());

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) submit();
      }}
      autoComplete="off"
    >
      <div className="space-y-4">
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Provider" hint={kind.hint}>
            {(control) => (
              <Select
                {...control}
                value={provider}
                disabled={credential !== null}
                onChange={(event) => chooseProvider(event.target.value as AiCredentialKind)}
              >
                {KINDS.map((entry) => (
                  <option key={entry.value} value={entry.value}>
                    {entry.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label="Name in model refs"
            hint={
              compatible
                ? "A short slug such as openrouter"
                : "The same name uses your key instead of the server's"
            }
          >
            {(control) => (
              <Input
                {...control}
                value={name}
                readOnly={credential !== null}
                required
                placeholder="openrouter"
                pattern="[a-z][a-z0-9\-]{0,39}"
                onChange={(event) => {
                  setNameTouched(true);
                  setName(event.target.value.toLowerCase());
                }}
              />
            )}
          </Field>
        </div>
        <Field label="Label" error={errors.label}>
          {(control) => (
            <Input
              {...control}
              value={label}
              maxLength={100}
              placeholder={kind.label}
              onChange={(event) => setLabel(event.target.value)}
            />
          )}
        </Field>
        {compatible || !bedrock ? (
          <Field
            label={compatible ? "Base URL" : "Base URL (optional)"}
            error={errors.base_url}
            hint={
              compatible ? "Ends in /v1, e.g. https://openrouter.ai/api/v1" : "Only for a proxy or gateway"
            }
          >
            {(control) => (
              <Input
                {...control}
                type="url"
                value={baseUrl}
                required={compatible}
                placeholder={compatible ? "https://openrouter.ai/api/v1" : "https://api.openai.com/v1"}
                onChange={(event) => setBaseUrl(event.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field label="AWS region" error={errors.region}>
            {(control) => (
              <Input
                {...control}
                value={region}
                required
                placeholder="eu-central-1"
                onChange={(event) => setRegion(event.target.value)}
              />
            )}
          </Field>
        )}
        {bedrock ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Access key id">
              {(control) => (
                <Input
                  {...control}
                  value={accessKeyId}
                  autoComplete="off"
                  onChange={(event) => setAccessKeyId(event.target.value)}
                />
              )}
            </Field>
            <Field label="Secret access key">
              {(control) => (
                <PasswordInput
                  {...control}
                  value={secretAccessKey}
                  autoComplete="new-password"
                  onChange={(event) => setSecretAccessKey(event.target.value)}
                />
              )}
            </Field>
          </div>
        ) : (
          <Field
            label="API key"
            error={errors.api_key}
            hint={
              credential
                ? `Stored key ends in ${credential.key_hint.replace("…", "")}. Leave empty to keep it.`
                : undefined
            }
          >
            {(control) => (
              <PasswordInput
                {...control}
                value={apiKey}
                autoComplete="new-password"
                placeholder={credential ? "Keep the stored key" : "sk-…"}
                onChange={(event) => setApiKey(event.target.value)}
              />
            )}
          </Field>
        )}
        {compatible ? (
          <Field label="Send the key as" hint="Azure OpenAI and some gateways want an api-key header">
            {(control) => (
              <Select
                {...control}
                value={header}
                onChange={(event) => setHeader(event.target.value as "authorization" | "api-key")}
              >
                <option value="authorization">Authorization: Bearer …</option>
                <option value="api-key">api-key: …</option>
              </Select>
            )}
          </Field>
        ) : null}
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={!ready || save.isPending}>
          {save.isPending ? <Spinner /> : null}
          {credential ? "Save" : "Add key"}
        </Button>
      </DialogFooter>
    </form>
  );
}
