import { ORG_ROLES, outranksOrEquals } from "@core/permissions";
import type { ApiKey, CreatedApiKey, OrgRole } from "@shared/api";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { CopyButton } from "@web/components/ui/copy-button";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Pagination } from "@web/components/ui/pagination";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { api, request } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate, formatDateTime, formatRelative, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { KeyRound, Plus, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "./settings-ui";

const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

export function ApiKeysPage() {
  return (
    <RequirePermission action="api_keys.manage" what="API keys">
      <ApiKeys />
    </RequirePermission>
  );
}

function keyStatus(key: ApiKey, now = Date.now()): "active" | "revoked" | "expired" {
  if (key.revoked_at) return "revoked";
  if (key.expires_at && new Date(key.expires_at).getTime() <= now) return "expired";
  return "active";
}

function ApiKeys() {
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [page, setPage] = useState(1);
  const keys = useQuery({
    queryKey: ["api-keys", { page }],
    queryFn: ({ signal }) => request<ApiKey[]>("/api-keys", { query: { page, per_page: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api.delete(`/api-keys/${key.id}`),
    onSuccess: async (_, key) => {
      setRevoking(null);
      toast.success(`${key.name} revoked`, { description: "Requests using it are now refused." });
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const rows = keys.data?.data ?? [];

  return (
    <>
      <SettingsHeader
        title="API keys"
        description={
          <>
            Keys let scripts and integrations call the Cairn API as you, only in this organization, with at
            most your role: they cannot create or join organizations or change your profile. Send one as{" "}
            <code className="rounded bg-muted px-1 py-0.5 font-mono text-[12px]">
              Authorization: Bearer …
            </code>
          </>
        }
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create key
          </Button>
        }
      />
      <Card className="overflow-hidden">
        {keys.isPending ? (
          <TableSkeleton rows={3} />
        ) : keys.isError ? (
          <div className="p-5">
            <LoadError error={keys.error} onRetry={() => void keys.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          <InlineEmpty
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key for each script or integration, so you can revoke one without breaking the others."
            action={
              <Button size="sm" onClick={() => setCreating(true)}>
                <Plus aria-hidden="true" />
                Create key
              </Button>
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Key</Th>
                <Th className="w-28">Role</Th>
                <Th className="hidden xl:table-cell">Created</Th>
                <Th className="hidden lg:table-cell">Last used</Th>
                <Th className="hidden md:table-cell">Expires</Th>
                <Th className="w-24">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((key) => {
                const status = keyStatus(key);
                return (
                  <Tr key={key.id} className={cn(status !== "active" && "text-ink-muted")}>
                    <Td>
                      <div className="flex items-center gap-2">
                        <span
                          className={cn(
                            "font-medium",
                            status === "active"
                              ? "text-ink"
                              : "text-ink-muted line-through decoration-ink-faint",
                          )}
                        >
                          {key.name}
                        </span>
                        {status === "revoked" ? <Badge variant="danger">Revoked</Badge> : null}
                        {status === "expired" ? <Badge variant="warning">Expired</Badge> : null}
                      </div>
                      <code className="mt-0.5 block font-mono text-ink-muted text-xs">{key.prefix}…</code>
                    </Td>
                    <Td>
                      <RoleBadge role={key.role} />
                    </Td>
                    <Td className="hidden text-ink-muted xl:table-cell">
                      <span className="whitespace-nowrap" title={formatDateTime(key.created_at)}>
                        {formatDate(key.created_at)}
                      </span>
                      <span className="block text-ink-faint text-xs">
                        by {key.created_by_name ?? "a former member"}
                      </span>
                    </Td>
                    <Td className="hidden whitespace-nowrap text-ink-muted lg:table-cell">
                      {key.last_used_at ? (
                        <span title={formatDateTime(key.last_used_at)}>
                          {formatRelative(key.last_used_at)}
                        </span>
                      ) : (
                        "Never"
                      )}
                    </Td>
                    <Td className="hidden text-ink-muted md:table-cell">
                      {key.revoked_at ? (
                        <span title={formatDateTime(key.revoked_at)}>
                          Revoked {formatDate(key.revoked_at)}
                        </span>
                      ) : key.expires_at ? (
                        <span title={formatDateTime(key.expires_at)}>{formatDate(key.expires_at)}</span>
                      ) : (
                        "Never"
                      )}
                    </Td>
                    <Td className="text-right">
                      {status === "active" ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-danger-700 hover:bg-danger-50 hover:text-danger-700"
                          onClick={() => setRevoking(key)}
                          aria-label={`Revoke ${key.name}`}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
        <Pagination meta={keys.data?.meta} onPageChange={setPage} noun={["key", "keys"]} />
      </Card>
      <CreateKeyDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        pending={revoke.isPending}
        title={`Revoke ${revoking?.name ?? "this key"}?`}
        description="Anything still using this key starts getting 401 errors right away. This can't be undone: create a new key if you need one."
        confirmLabel="Revoke key"
        error={
          revoke.error ? (
            <Alert variant="danger" live>
              {formErrorOf(revoke.error)}
            </Alert>
          ) : null
        }
      />
    </>
  );
}

function CreateKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  function close() {
    setCreated(null);
    onClose();
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? "Copy your new key" : "Create an API key"}
      description={
        created ? undefined : "Name it after what will use it, so you know what breaks if you revoke it."
      }
    >
      {created ? (
        <ShowKeyOnce apiKey={created} onDone={close} />
      ) : (
        <CreateKeyForm onCreated={setCreated} onCancel={close} />
      )}
    </Dialog>
  );
}

function CreateKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: CreatedApiKey) => void;
  onCancel: () => void;
}) {
  const { role: myRole } = useSession();
  const queryClient = useQueryClient();
  const roles = ORG_ROLES.filter((candidate) => myRole && outranksOrEquals(myRole, candidate));
  const [name, setName] = useState("");
  const [role, setRole] = useState<OrgRole>("member");
  const [expiry, setExpiry] = useState("90");
  const create = useMutation({
    mutationFn: () =>
      api.post<CreatedApiKey>("/api-keys", {
        name: name.trim(),
        role,
        expires_in_days: expiry === "never" ? null : Number(expiry),
      }),
    onSuccess: async (key) => {
      onCreated(key);
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const message = formErrorOf(create.error, ["name", "role", "expires_in_days"]);
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <Field label="Name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Nightly timesheet import"
            autoFocus
          />
        )}
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Role" error={errors.role} hint={ROLE_DESCRIPTIONS[role]}>
          {(control) => (
            <Select {...control} value={role} onChange={(event) => setRole(event.target.value as OrgRole)}>
              {roles.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {ROLE_LABELS[candidate]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field
          label="Expires after"
          error={errors.expires_in_days}
          hint={expiry === "never" ? "Keys that never expire are riskier." : undefined}
        >
          {(control) => (
            <Select {...control} value={expiry} onChange={(event) => setExpiry(event.target.value)}>
              {EXPIRY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || !name.trim()}>
          {create.isPending ? <Spinner /> : null}
          Create key
        </Button>
      </DialogFooter>
    </form>
  );
}

function ShowKeyOnce({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <div className="flex gap-3 rounded-lg border border-warning-700/25 bg-warning-50 px-3.5 py-3 text-sm">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning-700" aria-hidden="true" />
        <p className="text-ink-soft leading-relaxed">
          <span className="font-medium text-ink">This is the only time you'll see this key.</span> Copy it
          into your script's secret store now. Cairn keeps only a hash: if you lose it, revoke it and create
          another.
        </p>
      </div>
      <div>
        <p className="mb-1.5 font-medium text-ink text-sm">{apiKey.name}</p>
        <div className="flex items-stretch gap-2">
          <code className="min-w-0 flex-1 select-all break-all rounded-md border border-border-strong bg-subtle px-3 py-2 font-mono text-[13px] text-ink leading-relaxed">
            {apiKey.key}
          </code>
          <CopyButton value={apiKey.key} size="md" className="h-auto" />
        </div>
        <p className="mt-2 text-ink-muted text-xs">
          Role {ROLE_LABELS[apiKey.role].toLowerCase()} ·{" "}
          {apiKey.expires_at ? `expires ${formatDate(apiKey.expires_at)}` : "never expires"}
        </p>
      </div>
      <DialogFooter>
        <Button onClick={onDone}>I've copied it</Button>
      </DialogFooter>
    </div>
  );
}
