import { PROJECT_ROLES, type ProjectRole } from "@core/permissions";
import type { Member } from "@shared/api";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog, Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { InlineEmpty, LoadError, TableSkeleton } from "@web/features/settings/settings-ui";
import { api } from "@web/lib/api";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { useDebouncedValue } from "@web/lib/use-debounced-value";
import { Trash2, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { PROJECT_ROLE_DESCRIPTIONS, PROJECT_ROLE_LABELS, ProjectRoleBadge } from "./project-ui";
import {
  canInProject,
  type ProjectMember,
  useMemberMutations,
  useProject,
  useProjectMembers,
} from "./projects-api";

const route = getRouteApi("/app/projects/$projectId/members");

/** Guests (client stakeholders) may read or work on a project, never run it. */
const GUEST_ROLES: ProjectRole[] = ["team_member", "viewer"];

export function ProjectMembersPage() {
  const { projectId } = route.useParams();
  const { user } = useSession();
  const project = useProject(projectId).data;
  const members = useProjectMembers(projectId);
  const mutations = useMemberMutations(projectId);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ProjectMember | null>(null);
  const manage = canInProject(project, "projects.members.manage");
  const rows = members.data ?? [];

  function changeRole(member: ProjectMember, role: ProjectRole) {
    mutations.update.mutate(
      { userId: member.user_id, role },
      {
        onSuccess: () => toast.success(`${member.name} is now ${PROJECT_ROLE_LABELS[role].toLowerCase()}`),
        onError: (error) =>
          toast.error(`Could not change ${member.name}'s role`, { description: formErrorOf(error) }),
      },
    );
  }

  return (
    <section aria-label="Project members" className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="font-semibold text-ink text-lg tracking-tight">Members</h2>
          <p className="mt-1 max-w-2xl text-ink-muted text-sm leading-relaxed">
            Who works on this project and what their project role lets them do. Organization owners and admins
            can open every project as project admins.
          </p>
        </div>
        {manage ? (
          <Button onClick={() => setAdding(true)}>
            <UserPlus aria-hidden="true" />
            Add people
          </Button>
        ) : null}
      </div>
      <Card className="overflow-hidden">
        {members.isPending ? (
          <TableSkeleton rows={3} />
        ) : members.isError ? (
          <div className="p-5">
            <LoadError error={members.error} onRetry={() => void members.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          <InlineEmpty
            icon={Users}
            title="No members yet"
            description="Add the people who own items, log time or follow the project."
            action={
              manage ? (
                <Button size="sm" onClick={() => setAdding(true)}>
                  Add people
                </Button>
              ) : null
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Member</Th>
                <Th>Project role</Th>
                <Th>Billing role</Th>
                <Th>Added</Th>
                {manage ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {rows.map((member) => (
                <Tr key={member.user_id}>
                  <Td>
                    <div className="flex items-center gap-3">
                      <Avatar name={member.name} seed={member.user_id} />
                      <div className="min-w-0">
                        <p className="truncate font-medium text-ink">
                          {member.name}
                          {member.user_id === user.id ? (
                            <span className="ml-1.5 font-normal text-ink-muted">(you)</span>
                          ) : null}
                        </p>
                        <p className="truncate text-ink-muted text-xs">{member.email}</p>
                      </div>
                    </div>
                  </Td>
                  <Td>
                    {manage && member.user_id !== user.id ? (
                      <Select
                        aria-label={`Project role of ${member.name}`}
                        value={member.role}
                        disabled={mutations.update.isPending}
                        onChange={(event) => changeRole(member, event.target.value as ProjectRole)}
                        className="h-8 w-48"
                      >
                        {PROJECT_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {PROJECT_ROLE_LABELS[role]}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <ProjectRoleBadge role={member.role} />
                    )}
                  </Td>
                  <Td>
                    {manage ? (
                      <BillingRoleInput
                        member={member}
                        onSave={(billing_role) =>
                          mutations.update.mutate(
                            { userId: member.user_id, billing_role },
                            {
                              onSuccess: () => toast.success(`${member.name}'s billing role was saved`),
                              onError: (error) =>
                                toast.error("The billing role was not saved", {
                                  description: formErrorOf(error),
                                }),
                            },
                          )
                        }
                      />
                    ) : (
                      <span className={member.billing_role ? "text-ink-soft" : "text-ink-faint"}>
                        {member.billing_role ?? "—"}
                      </span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap text-ink-muted">{formatDate(member.added_at)}</Td>
                  {manage ? (
                    <Td className="text-right">
                      {member.user_id === user.id ? null : (
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          aria-label={`Remove ${member.name}`}
                          onClick={() => setRemoving(member)}
                        >
                          <Trash2 />
                        </Button>
                      )}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {PROJECT_ROLES.map((role) => (
          <div key={role} className="rounded-lg border border-border bg-surface px-4 py-3">
            <dt className="font-medium text-ink text-sm">{PROJECT_ROLE_LABELS[role]}</dt>
            <dd className="mt-0.5 text-ink-muted text-xs leading-relaxed">
              {PROJECT_ROLE_DESCRIPTIONS[role]}
            </dd>
          </div>
        ))}
      </dl>
      <AddMembersDialog
        open={adding}
        onClose={() => setAdding(false)}
        projectId={projectId}
        existing={rows}
      />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from the project?`}
        description="They lose access to this project unless they are an organization owner or admin. Items assigned to them keep their assignee."
        confirmLabel="Remove"
        pending={mutations.remove.isPending}
        error={
          mutations.remove.error ? (
            <Alert variant="danger">{formErrorOf(mutations.remove.error)}</Alert>
          ) : null
        }
        onConfirm={() => {
          if (!removing) return;
          const member = removing;
          mutations.remove.mutate(member.user_id, {
            onSuccess: () => {
              setRemoving(null);
              toast.success(`${member.name} was removed`, {
                action: {
                  label: "Undo",
                  onClick: () =>
                    mutations.add.mutate(
                      { user_id: member.user_id, role: member.role, billing_role: member.billing_role },
                      {
                        onError: (error) =>
                          toast.error(`${member.name} could not be added back`, {
                            description: formErrorOf(error),
                          }),
                      },
                    ),
                },
              });
            },
          });
        }}
      />
    </section>
  );
}

function BillingRoleInput({
  member,
  onSave,
}: {
  member: ProjectMember;
  onSave: (value: string | null) => void;
}) {
  const [draft, setDraft] = useState(member.billing_role ?? "");
  return (
    <Input
      aria-label={`Billing role of ${member.name}`}
      value={draft}
      placeholder="e.g. Senior consultant"
      maxLength={100}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        const next = draft.trim() || null;
        if (next !== member.billing_role) onSave(next);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") event.currentTarget.blur();
      }}
      className="h-8 w-48"
    />
  );
}

function AddMembersDialog({
  open,
  onClose,
  projectId,
  existing,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  existing: ProjectMember[];
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add people to the project"
      description="Anyone in your organization. Their project role decides what they can change here."
    >
      <AddMemberForm projectId={projectId} existing={existing} onDone={onClose} />
    </Dialog>
  );
}

function AddMemberForm({
  projectId,
  existing,
  onDone,
}: {
  projectId: string;
  existing: ProjectMember[];
  onDone: () => void;
}) {
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim(), 200);
  const [chosen, setChosen] = useState<Member | null>(null);
  const [role, setRole] = useState<ProjectRole>("team_member");
  const [billingRole, setBillingRole] = useState("");
  const { add } = useMemberMutations(projectId);
  const orgMembers = useQuery({
    queryKey: ["members", "list", { search: query, page: 1, for: "project" }],
    queryFn: ({ signal }) =>
      api.get<Member[]>("/members", { query: { search: query || undefined, per_page: 20 }, signal }),
  });
  const already = new Set(existing.map((member) => member.user_id));
  const candidates = (orgMembers.data ?? []).filter((member) => !already.has(member.user_id));
  const roles = chosen?.role === "guest" ? GUEST_ROLES : PROJECT_ROLES;
  const errors = fieldErrorsOf(add.error);
  const message = formErrorOf(add.error, ["role", "billing_role"]);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        add.mutate(
          { user_id: chosen.user_id, role, billing_role: billingRole.trim() || null },
          {
            onSuccess: () => {
              toast.success(`${chosen.name} was added as ${PROJECT_ROLE_LABELS[role].toLowerCase()}`);
              onDone();
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
      {chosen ? (
        <div className="flex items-center gap-3 rounded-lg border border-border bg-subtle px-3 py-2.5">
          <Avatar name={chosen.name} seed={chosen.user_id} />
          <div className="min-w-0 flex-1">
            <p className="truncate font-medium text-ink text-sm">{chosen.name}</p>
            <p className="truncate text-ink-muted text-xs">{chosen.email}</p>
          </div>
          <Button variant="ghost" size="sm" onClick={() => setChosen(null)}>
            Change
          </Button>
        </div>
      ) : (
        <div className="space-y-2">
          <Field label="Person">
            {(control) => (
              <Input
                {...control}
                type="search"
                value={text}
                autoFocus
                placeholder="Search by name or email"
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </Field>
          <ul className="max-h-56 divide-y divide-border overflow-y-auto rounded-lg border border-border">
            {orgMembers.isPending ? (
              <li className="flex items-center gap-2 px-3 py-3 text-ink-muted text-sm">
                <Spinner /> Loading people…
              </li>
            ) : orgMembers.isError ? (
              <li className="px-3 py-3 text-danger-700 text-sm">{formErrorOf(orgMembers.error)}</li>
            ) : candidates.length === 0 ? (
              <li className="px-3 py-3 text-ink-muted text-sm">
                {query ? "Nobody else matches." : "Everyone in the organization is already a member."}
              </li>
            ) : (
              candidates.map((member) => (
                <li key={member.user_id}>
                  <button
                    type="button"
                    onClick={() => {
                      setChosen(member);
                      if (member.role === "guest" && !GUEST_ROLES.includes(role)) setRole("viewer");
                    }}
                    className="flex w-full items-center gap-3 px-3 py-2 text-left outline-none hover:bg-subtle focus-visible:bg-subtle focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset"
                  >
                    <Avatar name={member.name} seed={member.user_id} size="sm" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium text-ink text-sm">{member.name}</span>
                      <span className="block truncate text-ink-muted text-xs">{member.email}</span>
                    </span>
                    {member.role === "guest" ? <span className="text-ink-muted text-xs">Guest</span> : null}
                  </button>
                </li>
              ))
            )}
          </ul>
        </div>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Project role" error={errors.role} hint={PROJECT_ROLE_DESCRIPTIONS[role]}>
          {(control) => (
            <Select
              {...control}
              value={role}
              onChange={(event) => setRole(event.target.value as ProjectRole)}
            >
              {roles.map((value) => (
                <option key={value} value={value}>
                  {PROJECT_ROLE_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Billing role" error={errors.billing_role} hint="Optional. Prices their hours by role.">
          {(control) => (
            <Input
              {...control}
              value={billingRole}
              maxLength={100}
              onChange={(event) => setBillingRole(event.target.value)}
              placeholder="Consultant"
            />
          )}
        </Field>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={add.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={!chosen || add.isPending}>
          {add.isPending ? <Spinner /> : null}
          Add to project
        </Button>
      </DialogFooter>
    </form>
  );
}
