import type { AiBudget } from "@shared/ai";
import type { Member } from "@shared/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { Pencil, Plus, Users, X } from "lucide-react";
import { useEffect, useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsCard, SettingsHeader } from "../settings-ui";
import { AI_KEY, budgetQuery } from "./ai-api";
import { CardsSkeleton, formatUsd, Stat } from "./ai-ui";

export function AiBudgetsPage() {
  return (
    <RequirePermission action="ai.settings.read" what="AI settings">
      <Budgets />
    </RequirePermission>
  );
}

const monthName = (month: string) =>
  new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }).format(
    new Date(`${month}-01T12:00:00`),
  );

function Budgets() {
  const budget = useQuery(budgetQuery);
  return (
    <>
      <SettingsHeader
        title="Budgets"
        description="Monthly spending limits, checked before every call. The call that crosses a limit completes; the next one is refused until the month turns or the limit is raised. Admins get an alert when spending passes the alert threshold."
      />
      {budget.isPending ? (
        <CardsSkeleton cards={2} rows={2} />
      ) : budget.isError ? (
        <LoadError error={budget.error} onRetry={() => void budget.refetch()} />
      ) : (
        <div className="space-y-6">
          <OrgBudgetCard budget={budget.data} />
          <UserBudgetsCard budget={budget.data} />
        </div>
      )}
    </>
  );
}

/** How much of a limit is used, as a bar that turns amber at the alert threshold and red at the limit. */
function SpendBar({
  spent,
  limit,
  alertPercent,
}: {
  spent: number;
  limit: number | null;
  alertPercent: number;
}) {
  if (limit === null) return null;
  const share = limit === 0 ? 1 : Math.min(1, spent / limit);
  const tone =
    share >= 1 ? "bg-danger-600" : share * 100 >= alertPercent ? "bg-warning-700" : "bg-accent-600";
  return (
    <div className="h-2 w-full overflow-hidden rounded-full bg-muted" aria-hidden="true">
      <div
        className={cn("h-full rounded-full transition-[width]", tone)}
        style={{ width: `${share * 100}%` }}
      />
    </div>
  );
}

const dollarsOrEmpty = (value: number | null) => (value === null ? "" : String(value));
const emptyOrNumber = (value: string) => (value.trim() === "" ? null : Number(value));

function OrgBudgetCard({ budget }: { budget: AiBudget }) {
  const { can } = useSession();
  const writable = can("ai.settings.write");
  const queryClient = useQueryClient();
  const [orgLimit, setOrgLimit] = useState(dollarsOrEmpty(budget.monthly_limit_usd));
  const [userLimit, setUserLimit] = useState(dollarsOrEmpty(budget.user_monthly_limit_usd));
  const [alertPercent, setAlertPercent] = useState(String(budget.alert_percent));
  useEffect(() => {
    setOrgLimit(dollarsOrEmpty(budget.monthly_limit_usd));
    setUserLimit(dollarsOrEmpty(budget.user_monthly_limit_usd));
    setAlertPercent(String(budget.alert_percent));
  }, [budget.monthly_limit_usd, budget.user_monthly_limit_usd, budget.alert_percent]);
  const save = useMutation({
    mutationFn: () =>
      api.put<AiBudget>("/ai/budget", {
        monthly_limit_usd: emptyOrNumber(orgLimit),
        user_monthly_limit_usd: emptyOrNumber(userLimit),
        alert_percent: Math.round(Number(alertPercent)),
      }),
    onSuccess: async () => {
      toast.success("Budget saved", { description: "It applies from the next call." });
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["monthly_limit_usd", "user_monthly_limit_usd", "alert_percent"]);
  const changed =
    orgLimit !== dollarsOrEmpty(budget.monthly_limit_usd) ||
    userLimit !== dollarsOrEmpty(budget.user_monthly_limit_usd) ||
    alertPercent !== String(budget.alert_percent);
  const limit = budget.monthly_limit_usd;
  const left = limit === null ? null : Math.max(0, limit - budget.spent_this_month_usd);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) save.mutate();
      }}
    >
      <SettingsCard
        title="Organization"
        description={`Spending in ${monthName(budget.month)}, across everyone and every feature.`}
        footer={
          writable ? (
            <Button type="submit" disabled={!changed || save.isPending}>
              {save.isPending ? <Spinner /> : null}
              Save budget
            </Button>
          ) : (
            <p className="mr-auto text-ink-muted text-sm">Only owners and admins can change budgets.</p>
          )
        }
      >
        <div className="space-y-6">
          <div className="space-y-3">
            <div className="grid grid-cols-2 gap-6 sm:grid-cols-3">
              <Stat label="Spent this month" value={formatUsd(budget.spent_this_month_usd)} />
              <Stat label="Monthly limit" value={limit === null ? "None" : formatUsd(limit)} />
              <Stat
                label="Left"
                value={left === null ? "—" : formatUsd(left)}
                tone={
                  left !== null && limit !== null && budget.spent_this_month_usd >= limit
                    ? "danger"
                    : left !== null &&
                        limit !== null &&
                        budget.spent_this_month_usd * 100 >= limit * budget.alert_percent
                      ? "warning"
                      : undefined
                }
              />
            </div>
            <SpendBar spent={budget.spent_this_month_usd} limit={limit} alertPercent={budget.alert_percent} />
          </div>
          {message ? (
            <Alert variant="danger" live>
              {message}
            </Alert>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Monthly limit (USD)" error={errors.monthly_limit_usd} hint="Empty: no limit">
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  min={0}
                  step="0.01"
                  value={orgLimit}
                  placeholder="No limit"
                  readOnly={!writable}
                  onChange={(event) => setOrgLimit(event.target.value)}
                />
              )}
            </Field>
            <Field
              label="Default per person (USD)"
              error={errors.user_monthly_limit_usd}
              hint="Each member, unless given their own"
            >
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  min={0}
                  step="0.01"
                  value={userLimit}
                  placeholder="No limit"
                  readOnly={!writable}
                  onChange={(event) => setUserLimit(event.target.value)}
                />
              )}
            </Field>
            <Field label="Alert at (% of a limit)" error={errors.alert_percent}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  min={1}
                  max={100}
                  value={alertPercent}
                  readOnly={!writable}
                  onChange={(event) => setAlertPercent(event.target.value)}
                />
              )}
            </Field>
          </div>
        </div>
      </SettingsCard>
    </form>
  );
}

type UserBudget = AiBudget["users"][number];

function UserBudgetsCard({ budget }: { budget: AiBudget }) {
  const { can } = useSession();
  const writable = can("ai.settings.write");
  const [editing, setEditing] = useState<UserBudget | "new" | null>(null);
  const [removing, setRemoving] = useState<UserBudget | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (user: UserBudget) => api.delete(`/ai/budget/users/${user.user_id}`),
    onSuccess: async (_, user) => {
      setRemoving(null);
      toast.success(`${user.name ?? "This person"} is back on the default limit`);
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
    },
  });

  return (
    <SettingsCard
      title="Per-person limits"
      description={
        budget.user_monthly_limit_usd === null
          ? "People have no personal limit by default. Give someone their own to cap (or free up) their spending."
          : `Everyone may spend up to ${formatUsd(budget.user_monthly_limit_usd)} a month by default. Give someone their own limit to change that.`
      }
      className="overflow-hidden"
    >
      <div className="-mx-5 -mb-5 border-border border-t sm:-mx-6">
        {budget.users.length === 0 ? (
          <InlineEmpty
            icon={Users}
            title="No personal limits"
            description="Everyone follows the default above."
            action={
              writable ? (
                <Button size="sm" onClick={() => setEditing("new")}>
                  <Plus aria-hidden="true" />
                  Set a personal limit
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <Th>Person</Th>
                  <Th className="text-right">Limit</Th>
                  <Th className="w-56">This month</Th>
                  <Th className="w-24">
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </THead>
              <TBody>
                {budget.users.map((user) => (
                  <Tr key={user.user_id}>
                    <Td>
                      <div className="flex items-center gap-3">
                        <Avatar name={user.name ?? "?"} size="sm" />
                        <div className="min-w-0">
                          <p className="truncate font-medium text-ink">{user.name ?? "A former member"}</p>
                          <p className="truncate text-ink-muted text-xs">{user.email}</p>
                        </div>
                      </div>
                    </Td>
                    <Td className="text-right tabular-nums">{formatUsd(user.monthly_limit_usd)}</Td>
                    <Td>
                      <div className="space-y-1.5">
                        <p className="text-ink-muted text-xs tabular-nums">
                          {formatUsd(user.spent_this_month_usd)} of {formatUsd(user.monthly_limit_usd)}
                        </p>
                        <SpendBar
                          spent={user.spent_this_month_usd}
                          limit={user.monthly_limit_usd}
                          alertPercent={budget.alert_percent}
                        />
                      </div>
                    </Td>
                    <Td className="text-right">
                      {writable ? (
                        <div className="flex justify-end gap-1">
                          <Button
                            size="icon-sm"
                            variant="ghost"
                            onClick={() => setEditing(user)}
                            aria-label={`Change ${user.name ?? "this person"}'s limit`}
                          >
                            <Pencil />
                          </Button>
                          <Button
                            size="icon-sm"
                            variant="ghost"
                            className="text-ink-muted hover:text-danger-700"
                            onClick={() => setRemoving(user)}
                            aria-label={`Remove ${user.name ?? "this person"}'s limit`}
                          >
                            <X />
                          </Button>
                        </div>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            {writable ? (
              <div className="border-border border-t px-5 py-3">
                <Button size="sm" variant="outline" onClick={() => setEditing("new")}>
                  <Plus aria-hidden="true" />
                  Set a personal limit
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
      <UserBudgetDialog
        open={editing !== null}
        user={editing === "new" ? null : editing}
        taken={budget.users.map((user) => user.user_id)}
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
        destructive={false}
        title={`Remove ${removing?.name ?? "this person"}'s limit?`}
        description={
          budget.user_monthly_limit_usd === null
            ? "They will have no personal limit; the organization's limit still applies."
            : `They go back to the default of ${formatUsd(budget.user_monthly_limit_usd)} a month.`
        }
        confirmLabel="Remove limit"
        error={
          remove.error ? (
            <Alert variant="danger" live>
              {formErrorOf(remove.error)}
            </Alert>
          ) : null
        }
      />
    </SettingsCard>
  );
}

function UserBudgetDialog({
  open,
  user,
  taken,
  onClose,
}: {
  open: boolean;
  user: UserBudget | null;
  taken: string[];
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={user ? `${user.name ?? "Personal"} limit` : "Set a personal limit"}
      description="A monthly amount for one person, in place of the default."
    >
      <UserBudgetForm user={user} taken={taken} onDone={onClose} />
    </Dialog>
  );
}

function UserBudgetForm({
  user,
  taken,
  onDone,
}: {
  user: UserBudget | null;
  taken: string[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState(user?.user_id ?? "");
  const [amount, setAmount] = useState(user ? String(user.monthly_limit_usd) : "");
  const members = useQuery({
    queryKey: ["members", "all-for-ai-budgets"],
    queryFn: ({ signal }) => api.get<Member[]>("/members", { query: { per_page: 100 }, signal }),
    enabled: user === null,
  });
  const save = useMutation({
    mutationFn: () => api.put(`/ai/budget/users/${userId}`, { monthly_limit_usd: Number(amount) }),
    onSuccess: async () => {
      toast.success("Personal limit saved");
      await queryClient.invalidateQueries({ queryKey: AI_KEY });
      onDone();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["monthly_limit_usd"]);
  const choices = (members.data ?? []).filter((member) => !taken.includes(member.user_id));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (userId && amount !== "") save.mutate();
      }}
    >
      <div className="space-y-4">
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        {user === null ? (
          <Field label="Person">
            {(control) => (
              <Select
                {...control}
                value={userId}
                required
                disabled={members.isPending}
                onChange={(event) => setUserId(event.target.value)}
              >
                <option value="">{members.isPending ? "Loading members…" : "Choose someone"}</option>
                {choices.map((member) => (
                  <option key={member.user_id} value={member.user_id}>
                    {member.name} ({member.email})
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <Field label="Monthly limit (USD)" error={errors.monthly_limit_usd} hint="0 stops their AI use">
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0}
              step="0.01"
              value={amount}
              required
              autoFocus={user !== null}
              onChange={(event) => setAmount(event.target.value)}
            />
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={!userId || amount === "" || save.isPending}>
          {save.isPending ? <Spinner /> : null}
          Save limit
        </Button>
      </DialogFooter>
    </form>
  );
}
