import { ORG_ROLES, outranksOrEquals } from "@core/permissions";
import type { Member, OrgRole } from "@shared/api";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Input, Select } from "@web/components/ui/input";
import { Pagination } from "@web/components/ui/pagination";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { api, request } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { formatDate, formatRelative, ROLE_LABELS } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { useDebouncedValue } from "@web/lib/use-debounced-value";
import { Search, Trash2, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { InvitationsCard } from "./invitations-card";
import { InviteDialog } from "./invite-dialog";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "./settings-ui";

const PER_PAGE = 20;

export function MembersPage() {
  return (
    <RequirePermission action="members.read" what="the member list">
      <Members />
    </RequirePermission>
  );
}

function Members() {
  const { can } = useSession();
  const [inviting, setInviting] = useState(false);
  return (
    <>
      <SettingsHeader
        title="Members"
        description="Everyone in this organization and what their role lets them do. Owners and admins manage roles and invitations."
        actions={
          can("members.invite") ? (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden="true" />
              Invite people
            </Button>
          ) : null
        }
      />
      <div className="space-y-8">
        <MembersTable onInvite={can("members.invite") ? () => setInviting(true) : undefined} />
        {can("members.invite") ? <InvitationsCard onInvite={() => setInviting(true)} /> : null}
      </div>
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
    </>
  );
}

function MembersTable({ onInvite }: { onInvite?: () => void }) {
  const session = useSession();
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<OrgRole | "">("");
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<Member | null>(null);
  const debouncedSearch = useDebouncedValue(search.trim());
  const queryClient = useQueryClient();

  const members = useQuery({
    queryKey: ["members", "list", { search: debouncedSearch, role, page }],
    queryFn: ({ signal }) =>
      request<Member[]>("/members", {
        query: { search: debouncedSearch || undefined, role: role || undefined, page, per_page: PER_PAGE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  const changeRole = useMutation({
    mutationFn: ({ member, next }: { member: Member; next: OrgRole }) =>
      api.patch<Member>(`/members/${member.user_id}`, { role: next }),
    onSuccess: async (_, { member, next }) => {
      toast.success(
        `${member.name} is now ${next === "admin" ? "an" : "a"} ${ROLE_LABELS[next].toLowerCase()}`,
      );
      await queryClient.invalidateQueries({ queryKey: ["members"] });
    },
    onError: (error, { member }) =>
      toast.error(`Could not change ${member.name}'s role`, { description: formErrorOf(error) }),
  });

  const remove = useMutation({
    mutationFn: (member: Member) => api.delete(`/members/${member.user_id}`),
    onSuccess: async (_, member) => {
      setRemoving(null);
      toast.success(`${member.name} was removed`, {
        description: "They lost access to this organization, its groups and their API keys in it.",
      });
      await queryClient.invalidateQueries({ queryKey: ["members"] });
      await queryClient.invalidateQueries({ queryKey: ["org"] });
    },
  });

  const myRole = session.role!;
  const canManage = (member: Member) =>
    member.user_id !== session.user.id && member.role !== "owner" && outranksOrEquals(myRole, member.role);
  const assignable = ORG_ROLES.filter(
    (candidate) => candidate !== "owner" && outranksOrEquals(myRole, candidate),
  );
  const filtered = debouncedSearch !== "" || role !== "";
  const rows = members.data?.data ?? [];

  return (
    <section aria-label="Member list">
      <Card className="overflow-hidden">
        <div className="flex flex-col gap-3 border-border border-b px-4 py-3 sm:flex-row sm:items-center">
          <div className="relative flex-1 sm:max-w-xs">
            <Search
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-faint"
              aria-hidden="true"
            />
            <Input
              type="search"
              aria-label="Search members"
              placeholder="Search by name or email"
              value={search}
              onChange={(event) => {
                setSearch(event.target.value);
                setPage(1);
              }}
              className="pl-9"
            />
          </div>
          <Select
            aria-label="Filter by role"
            value={role}
            onChange={(event) => {
              setRole(event.target.value as OrgRole | "");
              setPage(1);
            }}
            className="sm:w-40"
          >
            <option value="">All roles</option>
            {ORG_ROLES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {ROLE_LABELS[candidate]}
              </option>
            ))}
          </Select>
          {members.isFetching && !members.isPending ? (
            <Spinner className="text-ink-faint" label="Updating" />
          ) : null}
        </div>
        {members.isPending ? (
          <TableSkeleton />
        ) : members.isError ? (
          <div className="p-5">
            <LoadError error={members.error} onRetry={() => void members.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          filtered ? (
            <InlineEmpty
              icon={Search}
              title="No members match"
              description="Try another name or email, or clear the role filter."
              action={
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    setSearch("");
                    setRole("");
                  }}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <InlineEmpty
              icon={Users}
              title="Nobody here yet"
              description="Invite colleagues to plan and work together."
              action={
                onInvite ? (
                  <Button size="sm" onClick={onInvite}>
                    Invite people
                  </Button>
                ) : null
              }
            />
          )
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Member</Th>
                <Th className="w-44">Role</Th>
                <Th className="hidden w-36 md:table-cell">Joined</Th>
                <Th className="w-16">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((member) => {
                const self = member.user_id === session.user.id;
                const manageable = canManage(member);
                const pendingRole =
                  changeRole.isPending && changeRole.variables?.member.user_id === member.user_id
                    ? changeRole.variables.next
                    : null;
                return (
                  <Tr key={member.user_id}>
                    <Td>
                      <div className="flex items-center gap-3">
                        <Avatar name={member.name} seed={member.user_id} />
                        <div className="min-w-0">
                          <p className="flex items-center gap-2 truncate font-medium text-ink">
                            {member.name}
                            {self ? <Badge variant="outline">You</Badge> : null}
                          </p>
                          <p className="truncate text-ink-muted text-xs">{member.email}</p>
                        </div>
                      </div>
                    </Td>
                    <Td>
                      {manageable && session.can("members.update_role") ? (
                        <Select
                          aria-label={`Role of ${member.name}`}
                          value={pendingRole ?? member.role}
                          disabled={changeRole.isPending}
                          onChange={(event) =>
                            changeRole.mutate({ member, next: event.target.value as OrgRole })
                          }
                          className="h-8 w-32 text-[13px]"
                        >
                          {assignable.map((candidate) => (
                            <option key={candidate} value={candidate}>
                              {ROLE_LABELS[candidate]}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <RoleBadge role={member.role} />
                      )}
                    </Td>
                    <Td className="hidden text-ink-muted md:table-cell">
                      <span title={formatDate(member.joined_at)}>{formatRelative(member.joined_at)}</span>
                    </Td>
                    <Td className="text-right">
                      {manageable && session.can("members.remove") ? (
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          aria-label={`Remove ${member.name}`}
                          title="Remove from organization"
                          onClick={() => setRemoving(member)}
                          className="hover:bg-danger-50 hover:text-danger-700"
                        >
                          <Trash2 />
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
        <Pagination meta={members.data?.meta} onPageChange={setPage} noun={["member", "members"]} />
      </Card>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing)}
        pending={remove.isPending}
        title={`Remove ${removing?.name ?? "member"}?`}
        description={
          <>
            <span className="font-medium text-ink">{removing?.email}</span> loses access to this organization
            right away, leaves its groups, and their API keys here stop working. You can invite them again
            later.
          </>
        }
        confirmLabel="Remove member"
        error={
          remove.error ? (
            <Alert variant="danger" live>
              {formErrorOf(remove.error)}
            </Alert>
          ) : null
        }
      />
    </section>
  );
}
