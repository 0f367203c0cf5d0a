import type { AiSettings, AiSettingsInput } from "@shared/ai";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Field, Input, Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Switch } from "@web/components/ui/switch";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { ArrowRight, Plus, X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { LoadError, RequirePermission, SettingsCard, SettingsHeader } from "../settings-ui";
import { AI_KEY, settingsQuery } from "./ai-api";
import { CardsSkeleton } from "./ai-ui";

export function AiPrivacyPage() {
  return (
    <RequirePermission action="ai.settings.read" what="AI settings">
      <Privacy />
    </RequirePermission>
  );
}

const toDraft = (settings: AiSettings): AiSettingsInput => ({
  sanitiser_enabled: settings.sanitiser_enabled,
  glossary: settings.glossary,
  transcript_retention_days: settings.transcript_retention_days,
  rate_limit_per_minute: settings.rate_limit_per_minute,
  response_cache_ttl_seconds: settings.response_cache_ttl_seconds,
});

const CACHE_CHOICES = [
  { value: 0, label: "Off" },
  { value: 3600, label: "1 hour" },
  { value: 86_400, label: "1 day" },
  { value: 7 * 86_400, label: "7 days" },
  { value: 30 * 86_400, label: "30 days" },
];

function Privacy() {
  const settings = useQuery(settingsQuery);
  return (
    <>
      <SettingsHeader
        title="Privacy & retention"
        description="What leaves Cairn with a prompt, how long conversations are kept, and how fast people may call the models."
      />
      {settings.isPending ? (
        <CardsSkeleton cards={3} rows={1} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <PrivacyForm settings={settings.data} />
      )}
    </>
  );
}

function PrivacyForm({ settings }: { settings: AiSettings }) {
  const { can } = useSession();
  const writable = can("ai.settings.write");
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AiSettingsInput>(() => toDraft(settings));
  useEffect(() => setDraft(toDraft(settings)), [settings]);
  const save = useMutation({
    mutationFn: (input: AiSettingsInput) => api.put<AiSettings>("/ai/settings", input),
    onSuccess: async () => {
      toast.success("AI settings saved", { description: "They apply from the next call." });
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });
  const update = (patch: Partial<AiSettingsInput>) => setDraft((current) => ({ ...current, ...patch }));
  const changed = JSON.stringify(draft) !== JSON.stringify(toDraft(settings));
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["transcript_retention_days", "rate_limit_per_minute"]);
  const sanitiserLabel = useId();

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) save.mutate(draft);
      }}
      className="space-y-6 pb-4"
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <SettingsCard
        title="Sanitiser"
        description="Before a prompt leaves for a provider, replace personal and client details with placeholders; the answer comes back with the originals restored. The offline model never sends anything anywhere."
      >
        <div className="space-y-4">
          <div className="flex items-start justify-between gap-6">
            <div>
              <p id={sanitiserLabel} className="font-medium text-ink text-sm">
                Sanitise prompts
              </p>
              <p className="mt-0.5 text-ink-muted text-sm">
                Email addresses, phone numbers, card numbers and the names in the glossary below.
              </p>
            </div>
            <Switch
              checked={draft.sanitiser_enabled}
              disabled={!writable}
              onCheckedChange={(checked) => update({ sanitiser_enabled: checked })}
              aria-labelledby={sanitiserLabel}
            />
          </div>
          <SanitiserPreview enabled={draft.sanitiser_enabled} glossary={draft.glossary} />
        </div>
      </SettingsCard>
      <SettingsCard
        title="Glossary"
        description="Client, project and product names that must not reach a provider. Matching ignores case."
      >
        <GlossaryEditor
          terms={draft.glossary}
          writable={writable}
          onChange={(glossary) => update({ glossary })}
          error={errors.glossary ?? errors["glossary.0"]}
        />
        {!draft.sanitiser_enabled && draft.glossary.length > 0 ? (
          <p className="mt-3 text-ink-muted text-xs">The glossary is used only while the sanitiser is on.</p>
        ) : null}
      </SettingsCard>
      <SettingsCard
        title="Transcripts"
        description="Each AI conversation is kept with who asked, which model answered, when, and any tools used. Older transcripts are deleted every day."
      >
        <RetentionField
          value={draft.transcript_retention_days}
          serverDefault={settings.defaults.transcript_retention_days}
          writable={writable}
          error={errors.transcript_retention_days}
          onChange={(days) => update({ transcript_retention_days: days })}
        />
      </SettingsCard>
      <SettingsCard
        title="Limits"
        description="Protect your budget from runaway scripts and repeated questions."
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Calls per person per minute"
            error={errors.rate_limit_per_minute}
            hint={`Empty: the server's default (${settings.defaults.rate_limit_per_minute})`}
          >
            {(control) => (
              <Input
                {...control}
                type="number"
                min={1}
                max={100000}
                value={draft.rate_limit_per_minute ?? ""}
                placeholder={String(settings.defaults.rate_limit_per_minute)}
                readOnly={!writable}
                onChange={(event) =>
                  update({
                    rate_limit_per_minute:
                      event.target.value === "" ? null : Math.round(Number(event.target.value)),
                  })
                }
              />
            )}
          </Field>
          <Field
            label="Reuse identical answers for"
            hint="Only deterministic calls (temperature 0) are cached"
          >
            {(control) => (
              <Select
                {...control}
                value={String(draft.response_cache_ttl_seconds)}
                disabled={!writable}
                onChange={(event) => update({ response_cache_ttl_seconds: Number(event.target.value) })}
              >
                {CACHE_CHOICES.some((choice) => choice.value === draft.response_cache_ttl_seconds) ? null : (
                  <option value={draft.response_cache_ttl_seconds}>
                    {Math.round(draft.response_cache_ttl_seconds / 60)} minutes
                  </option>
                )}
                {CACHE_CHOICES.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      </SettingsCard>
      {writable ? (
        <div
          className={cn(
            "sticky bottom-4 z-10 flex items-center justify-between gap-3 rounded-xl border border-border bg-surface/95 px-5 py-3 shadow-popover backdrop-blur transition-opacity",
            changed ? "opacity-100" : "pointer-events-none opacity-0",
          )}
          aria-hidden={!changed}
        >
          <p className="text-ink-soft text-sm">You have unsaved changes.</p>
          <div className="flex gap-2">
            <Button variant="outline" onClick={() => setDraft(toDraft(settings))} disabled={save.isPending}>
              Discard
            </Button>
            <Button type="submit" disabled={!changed || save.isPending}>
              {save.isPending ? <Spinner /> : null}
              Save changes
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-ink-muted text-sm">Only owners and admins can change these settings.</p>
      )}
    </form>
  );
}

function SanitiserPreview({ enabled, glossary }: { enabled: boolean; glossary: string[] }) {
  const client = glossary[0] ?? "Globex";
  const before = `Email ana@${client.toLowerCase().replace(/\W+/g, "")}.com about ${client}'s renewal`;
  const after = `Email «EMAIL_1» about ${glossary.length > 0 ? "«CLIENT_1»" : client}'s renewal`;
  return (
    <div className="grid items-center gap-2 rounded-lg border border-border bg-subtle p-3 text-[13px] sm:grid-cols-[1fr_auto_1fr]">
      <code className="font-mono text-ink-soft">{before}</code>
      <ArrowRight className="hidden size-4 text-ink-faint sm:block" aria-hidden="true" />
      <code className={cn("font-mono", enabled ? "text-accent-800" : "text-ink-muted")}>
        {enabled ? after : before}
      </code>
      <p className="text-ink-muted text-xs sm:col-span-3">
        {enabled ? "What the provider sees." : "Off: the provider sees the prompt as written."}
      </p>
    </div>
  );
}

function GlossaryEditor({
  terms,
  writable,
  onChange,
  error,
}: {
  terms: string[];
  writable: boolean;
  onChange: (terms: string[]) => void;
  error?: string;
}) {
  const [term, setTerm] = useState("");
  const id = useId();
  const trimmed = term.trim();
  const duplicate = terms.some((entry) => entry.toLowerCase() === trimmed.toLowerCase());

  function add() {
    if (trimmed.length < 2 || duplicate) return;
    // Several at once: "Globex, Initech".
    const next = trimmed
      .split(/[,;\n]/)
      .map((part) => part.trim())
      .filter(
        (part) => part.length >= 2 && !terms.some((entry) => entry.toLowerCase() === part.toLowerCase()),
      );
    onChange([...terms, ...next]);
    setTerm("");
  }

  return (
    <div className="space-y-3">
      {writable ? (
        <div className="flex gap-2">
          <Input
            id={id}
            value={term}
            maxLength={200}
            placeholder="Add a name, e.g. Globex Corporation"
            aria-label="Glossary term"
            onChange={(event) => setTerm(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
            className="max-w-sm"
          />
          <Button variant="outline" onClick={add} disabled={trimmed.length < 2 || duplicate}>
            <Plus aria-hidden="true" />
            Add
          </Button>
        </div>
      ) : null}
      {duplicate && trimmed ? <p className="text-ink-muted text-xs">Already in the glossary.</p> : null}
      {error ? <p className="text-danger-700 text-xs">{error}</p> : null}
      {terms.length === 0 ? (
        <p className="text-ink-muted text-sm">No names yet. Add your clients so their names stay in Cairn.</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5" aria-label="Glossary">
          {terms.map((entry) => (
            <li
              key={entry}
              className="inline-flex items-center gap-1 rounded-full border border-border bg-subtle py-0.5 pr-1 pl-2.5 text-[13px] text-ink"
            >
              {entry}
              {writable ? (
                <button
                  type="button"
                  className="flex size-5 items-center justify-center rounded-full text-ink-faint outline-none hover:bg-muted hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
                  onClick={() => onChange(terms.filter((candidate) => candidate !== entry))}
                  aria-label={`Remove ${entry}`}
                >
                  <X className="size-3" aria-hidden="true" />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="text-ink-faint text-xs">
        {terms.length} of 500 names. Paste several separated by commas to add them at once.
      </p>
    </div>
  );
}

function RetentionField({
  value,
  serverDefault,
  writable,
  error,
  onChange,
}: {
  value: number | null;
  serverDefault: number;
  writable: boolean;
  error?: string;
  onChange: (days: number | null) => void;
}) {
  const name = useId();
  const [custom, setCustom] = useState(String(value ?? serverDefault));
  useEffect(() => {
    if (value !== null) setCustom(String(value));
  }, [value]);
  return (
    <fieldset className="space-y-3" disabled={!writable}>
      <legend className="sr-only">Keep transcripts for</legend>
      <label className="flex cursor-pointer items-start gap-2.5 text-sm">
        <input
          type="radio"
          name={name}
          className="mt-0.5 size-4 accent-accent-700"
          checked={value === null}
          onChange={() => onChange(null)}
        />
        <span>
          <span className="font-medium text-ink">The server's default</span>
          <span className="block text-ink-muted">
            {serverDefault} days
            {serverDefault % 365 === 0
              ? ` (${serverDefault / 365} year${serverDefault === 365 ? "" : "s"})`
              : ""}
          </span>
        </span>
      </label>
      <label className="flex cursor-pointer items-center gap-2.5 text-sm">
        <input
          type="radio"
          name={name}
          className="size-4 accent-accent-700"
          checked={value !== null}
          onChange={() => onChange(Math.max(1, Math.round(Number(custom) || serverDefault)))}
        />
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-ink">Keep for</span>
          <Input
            type="number"
            min={1}
            max={36500}
            value={custom}
            aria-label="Days to keep transcripts"
            aria-invalid={error ? true : undefined}
            className="h-8 w-24"
            onFocus={() =>
              value === null && onChange(Math.max(1, Math.round(Number(custom) || serverDefault)))
            }
            onChange={(event) => {
              setCustom(event.target.value);
              if (event.target.value !== "") onChange(Math.round(Number(event.target.value)));
            }}
          />
          <span className="text-ink-muted">days</span>
        </span>
      </label>
      {error ? <p className="text-danger-700 text-xs">{error}</p> : null}
    </fieldset>
  );
}
