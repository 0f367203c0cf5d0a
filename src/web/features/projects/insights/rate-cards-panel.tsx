import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { Tabs } from "@web/components/ui/tabs";
import { toast } from "@web/components/ui/toast";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { Banknote, Pencil, Plus, Trash2, UsersRound } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { formatIsoDate } from "../project-ui";
import { useProjectMembers } from "../projects-api";
import { type RateCard, useRateCardMutations, useRateCards } from "./insights-api";
import { LoadError, Panel } from "./insights-ui";

const rateFormat = (currency: string) =>
  new Intl.NumberFormat(undefined, {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });

/** Who the card prices: a person's own rate beats their billing role's. */
function appliesTo(card: RateCard) {
  return card.user
    ? { kind: "person" as const, name: card.user.name ?? "Former member" }
    : { kind: "role" as const, name: card.role_name ?? "" };
}

/** Hourly rates by person or billing role, with the date each takes effect. */
export function RateCardsPanel({
  projectId,
  currency,
  canWrite,
}: {
  projectId: string;
  currency: string;
  canWrite: boolean;
}) {
  const cards = useRateCards(projectId);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<RateCard | null>(null);
  const [removing, setRemoving] = useState<RateCard | null>(null);
  const { remove } = useRateCardMutations(projectId);
  const format = rateFormat(currency);

  const sorted = [...(cards.data ?? [])].sort((a, b) => {
    const kind = Number(Boolean(a.user)) - Number(Boolean(b.user));
    return (
      kind ||
      appliesTo(a).name.localeCompare(appliesTo(b).name) ||
      (a.effective_from ?? "").localeCompare(b.effective_from ?? "")
    );
  });

  return (
    <Panel
      title="Rate cards"
      description="Hourly rates by billing role, or for one person (which beats their role's). The latest card in effect on a week prices it."
      bodyClassName="px-0 pb-0"
      actions={
        canWrite ? (
          <Button size="sm" onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Add rate
          </Button>
        ) : null
      }
    >
      {cards.isPending ? (
        <div className="space-y-3 px-5 pb-5">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : cards.isError ? (
        <div className="px-5 pb-5">
          <LoadError error={cards.error} what="the rate cards" onRetry={() => void cards.refetch()} />
        </div>
      ) : sorted.length === 0 ? (
        <div className="flex flex-col items-center gap-2 border-border border-t px-5 py-8 text-center">
          <Banknote className="size-6 text-ink-faint" aria-hidden="true" />
          <p className="font-medium text-ink text-sm">No rates yet</p>
          <p className="max-w-md text-ink-muted text-sm">
            Until a rate covers someone, their hours show as unrated and count for nothing in the burn.
          </p>
        </div>
      ) : (
        <div className="border-border border-t">
          <Table>
            <THead>
              <Tr>
                <Th>Applies to</Th>
                <Th className="text-right">Hourly rate</Th>
                <Th>Effective from</Th>
                {canWrite ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </Tr>
            </THead>
            <TBody>
              {sorted.map((card) => {
                const target = appliesTo(card);
                return (
                  <Tr key={card.id}>
                    <Td>
                      <span className="flex items-center gap-2.5">
                        {target.kind === "person" ? (
                          <Avatar name={target.name} seed={card.user?.id} size="sm" />
                        ) : (
                          <span className="flex size-7 items-center justify-center rounded-full bg-muted text-ink-muted">
                            <UsersRound className="size-3.5" aria-hidden="true" />
                          </span>
                        )}
                        <span className="font-medium text-ink">{target.name}</span>
                        <Badge variant={target.kind === "person" ? "accent" : "outline"}>
                          {target.kind === "person" ? "Person" : "Role"}
                        </Badge>
                      </span>
                    </Td>
                    <Td className="text-right tabular-nums">{format.format(card.hourly_rate)}</Td>
                    <Td className="text-ink-soft">
                      {card.effective_from ? formatIsoDate(card.effective_from) : "Always"}
                    </Td>
                    {canWrite ? (
                      <Td className="w-24 text-right">
                        <span className="inline-flex gap-1">
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            aria-label={`Edit the rate for ${target.name}`}
                            onClick={() => setEditing(card)}
                          >
                            <Pencil />
                          </Button>
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            aria-label={`Remove the rate for ${target.name}`}
                            onClick={() => setRemoving(card)}
                          >
                            <Trash2 />
                          </Button>
                        </span>
                      </Td>
                    ) : null}
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </div>
      )}

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title="Add a rate"
        description="Price a billing role, or one person whatever their role."
      >
        <RateCardForm projectId={projectId} currency={currency} onDone={() => setCreating(false)} />
      </Dialog>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Rate for ${appliesTo(editing).name}` : ""}
      >
        {editing ? (
          <RateCardForm
            projectId={projectId}
            currency={currency}
            card={editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove this rate?"
        description={
          removing
            ? `Hours it priced for ${appliesTo(removing).name} fall back to another card, or count as unrated.`
            : undefined
        }
        confirmLabel="Remove rate"
        pending={remove.isPending}
        error={remove.error ? <Alert variant="danger">{formErrorOf(remove.error)}</Alert> : null}
        onConfirm={() =>
          removing &&
          remove.mutate(removing, {
            onSuccess: () => {
              toast.success("Rate removed");
              setRemoving(null);
            },
          })
        }
      />
    </Panel>
  );
}

function RateCardForm({
  projectId,
  currency,
  card,
  onDone,
}: {
  projectId: string;
  currency: string;
  card?: RateCard;
  onDone: () => void;
}) {
  const members = useProjectMembers(projectId);
  const { create, update } = useRateCardMutations(projectId);
  const mutation = card ? update : create;
  const [kind, setKind] = useState<"role" | "person">("role");
  const [userId, setUserId] = useState("");
  const [roleName, setRoleName] = useState("");
  const [rate, setRate] = useState(card ? String(card.hourly_rate) : "");
  const [effectiveFrom, setEffectiveFrom] = useState(card?.effective_from ?? "");
  const rolesListId = useId();
  const errors = fieldErrorsOf(mutation.error);
  const message = formErrorOf(mutation.error, ["user_id", "role_name", "hourly_rate", "effective_from"]);
  const roles = [
    ...new Set((members.data ?? []).flatMap((member) => (member.billing_role ? [member.billing_role] : []))),
  ];

  function submit(event: FormEvent) {
    event.preventDefault();
    const hourlyRate = Number(rate.replace(",", "."));
    const onSuccess = () => {
      toast.success(card ? "Rate updated" : "Rate added");
      onDone();
    };
    if (card) {
      update.mutate(
        { id: card.id, hourly_rate: hourlyRate, effective_from: effectiveFrom || null },
        { onSuccess },
      );
    } else {
      create.mutate(
        {
          ...(kind === "person" ? { user_id: userId } : { role_name: roleName.trim() }),
          hourly_rate: hourlyRate,
          effective_from: effectiveFrom || null,
        },
        { onSuccess },
      );
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      {card ? null : (
        <>
          <Tabs
            label="The rate applies to"
            value={kind}
            onChange={setKind}
            items={[
              { value: "role", label: "A billing role" },
              { value: "person", label: "One person" },
            ]}
          />
          {kind === "person" ? (
            <Field label="Person" error={errors.user_id}>
              {(control) => (
                <Select
                  {...control}
                  value={userId}
                  onChange={(event) => setUserId(event.target.value)}
                  required
                >
                  <option value="" disabled>
                    {members.isPending ? "Loading members…" : "Choose a project member"}
                  </option>
                  {(members.data ?? []).map((member) => (
                    <option key={member.user_id} value={member.user_id}>
                      {member.name}
                      {member.billing_role ? ` (${member.billing_role})` : ""}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ) : (
            <Field
              label="Billing role"
              error={errors.role_name}
              hint="Members carry a billing role on the Members tab; it is matched by name."
            >
              {(control) => (
                <>
                  <Input
                    {...control}
                    value={roleName}
                    onChange={(event) => setRoleName(event.target.value)}
                    list={rolesListId}
                    placeholder="e.g. Engineer"
                    maxLength={100}
                    required
                  />
                  <datalist id={rolesListId}>
                    {roles.map((role) => (
                      <option key={role} value={role} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          )}
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={`Hourly rate (${currency})`} error={errors.hourly_rate}>
          {(control) => (
            <Input
              {...control}
              inputMode="decimal"
              value={rate}
              onChange={(event) => setRate(event.target.value)}
              placeholder="120.00"
              required
            />
          )}
        </Field>
        <Field label="Effective from" error={errors.effective_from} hint="Blank: from the start.">
          {(control) => (
            <Input
              {...control}
              type="date"
              value={effectiveFrom}
              onChange={(event) => setEffectiveFrom(event.target.value)}
            />
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? <Spinner /> : null}
          {card ? "Save rate" : "Add rate"}
        </Button>
      </DialogFooter>
    </form>
  );
}
