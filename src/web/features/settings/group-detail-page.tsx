import type { Group, GroupDetail, GroupMember, Member } from "@shared/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Field, Input, Select, Textarea } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { api, isApiError } from "@web/lib/api";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate, formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { ArrowLeft, Trash2, UserMinus, UserPlus, UsersRound } from "lucide-react";
import { useEffect, useState } from "react";
import { useDeleteGroup } from "./groups-api";
import { InlineEmpty, LoadError, RequirePermission, SettingsCard } from "./settings-ui";

const route = getRouteApi("/app/settings/groups/$groupId");

export function GroupDetailPage() {
  return (
    <RequirePermission action="groups.read" what="groups">
      <GroupDetailView />
    </RequirePermission>
  );
}

function BackLink() {
  return (
    <Link
      to="/settings/groups"
      className="mb-4 inline-flex items-center gap-1.5 rounded font-medium text-ink-muted text-sm outline-none hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      All groups
    </Link>
  );
}

function GroupDetailView() {
  const { groupId } = route.useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const group = useQuery({
    queryKey: ["groups", "detail", groupId],
    queryFn: ({ signal }) => api.get<GroupDetail>(`/groups/${groupId}`, { signal }),
  });
  const { remove } = useDeleteGroup({ onDeleted: () => navigate({ to: "/settings/groups" }) });
  const writable = can("groups.write");

  if (group.isPending) {
    return (
      <>
        <BackLink />
        <Skeleton className="mb-2 h-7 w-60" />
        <Skeleton className="mb-6 h-4 w-96" />
        <Skeleton className="h-56 w-full rounded-xl" />
      </>
    );
  }
  if (group.isError) {
    return (
      <>
        <BackLink />
        {isApiError(group.error) && group.error.status === 404 ? (
          <Card>
            <InlineEmpty
              icon={UsersRound}
              title="This group doesn't exist"
              description="It may have been deleted, or it belongs to another organization. Deleted groups are under the Deleted tab."
            />
          </Card>
        ) : (
          <LoadError error={group.error} onRetry={() => void group.refetch()} />
        )}
      </>
    );
  }

  return (
    <>
      <BackLink />
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 className="font-semibold text-ink text-xl tracking-tight">{group.data.name}</h2>
          <p className="mt-1 max-w-2xl text-ink-muted text-sm leading-relaxed">
            {group.data.description || "No description."} Created {formatDate(group.data.created_at)}.
          </p>
        </div>
        {writable ? (
          <Button
            variant="outline"
            className="text-danger-700 hover:bg-danger-50"
            disabled={remove.isPending}
            onClick={() => remove.mutate(group.data)}
          >
            {remove.isPending ? <Spinner /> : <Trash2 aria-hidden="true" />}
            Delete group
          </Button>
        ) : null}
      </div>
      <div className="space-y-6">
        <GroupMembersCard group={group.data} writable={writable} />
        {writable ? <GroupDetailsForm group={group.data} /> : null}
      </div>
    </>
  );
}

function GroupDetailsForm({ group }: { group: GroupDetail }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  useEffect(() => {
    setName(group.name);
    setDescription(group.description);
  }, [group.name, group.description]);
  const save = useMutation({
    mutationFn: () =>
      api.patch<Group>(`/groups/${group.id}`, { name: name.trim(), description: description.trim() }),
    onSuccess: async () => {
      toast.success("Group saved");
      await queryClient.invalidateQueries({ queryKey: ["groups"] });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["name", "description"]);
  const changed = name.trim() !== group.name || description.trim() !== group.description;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <SettingsCard
        title="Name and description"
        description="How the group appears when people share work with it."
        footer={
          <Button type="submit" disabled={!changed || !name.trim() || save.isPending}>
            {save.isPending ? <Spinner /> : null}
            Save changes
          </Button>
        }
      >
        <div className="max-w-xl space-y-5">
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
              />
            )}
          </Field>
          <Field label="Description" error={errors.description}>
            {(control) => (
              <Textarea
                {...control}
                rows={3}
                maxLength={500}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            )}
          </Field>
        </div>
      </SettingsCard>
    </form>
  );
}

function GroupMembersCard({ group, writable }: { group: GroupDetail; writable: boolean }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState("");
  const orgMembers = useQuery({
    queryKey: ["members", "all-for-groups"],
    queryFn: ({ signal }) => api.get<Member[]>("/members", { query: { per_page: 100 }, signal }),
    enabled: writable,
  });
  const inGroup = new Set(group.members.map((member) => member.user_id));
  const candidates = (orgMembers.data ?? []).filter((member) => !inGroup.has(member.user_id));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["groups"] });
  const add = useMutation({
    mutationFn: (id: string) => api.post(`/groups/${group.id}/members`, { user_id: id }),
    onSuccess: async (_, id) => {
      const added = orgMembers.data?.find((member) => member.user_id === id);
      setUserId("");
      toast.success(`${added?.name ?? "Member"} added to ${group.name}`);
      await refresh();
    },
  });
  const removeMember = useMutation({
    mutationFn: (member: GroupMember) => api.delete(`/groups/${group.id}/members/${member.user_id}`),
    onSuccess: async (_, member) => {
      toast.success(`${member.name} removed from ${group.name}`, {
        action: { label: "Undo", onClick: () => add.mutate(member.user_id) },
      });
      await refresh();
    },
    onError: (error) =>
      toast.error("Could not remove them from the group", { description: formErrorOf(error) }),
  });
  const addError = formErrorOf(add.error, []);

  return (
    <SettingsCard
      title={`Members (${group.members.length})`}
      description="Only people in the organization can be in its groups. Leaving the organization takes them out of every group."
    >
      {writable ? (
        <form
          className="mb-5 flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            if (userId) add.mutate(userId);
          }}
        >
          <Field label="Add a member" className="min-w-0 flex-1 sm:max-w-sm">
            {(control) => (
              <Select
                {...control}
                value={userId}
                disabled={orgMembers.isPending || candidates.length === 0}
                onChange={(event) => setUserId(event.target.value)}
              >
                <option value="">
                  {orgMembers.isPending
                    ? "Loading members…"
                    : candidates.length === 0
                      ? "Everyone is already in this group"
                      : "Choose someone…"}
                </option>
                {candidates.map((member) => (
                  <option key={member.user_id} value={member.user_id}>
                    {member.name} ({member.email})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" disabled={!userId || add.isPending}>
            {add.isPending ? <Spinner /> : <UserPlus aria-hidden="true" />}
            Add to group
          </Button>
        </form>
      ) : null}
      {addError ? (
        <Alert variant="danger" className="mb-4" live>
          {addError}
        </Alert>
      ) : null}
      {group.members.length === 0 ? (
        <div className="rounded-lg border border-border border-dashed">
          <InlineEmpty
            icon={UsersRound}
            title="No one in this group yet"
            description={writable ? "Add members above." : "An owner or admin can add members."}
          />
        </div>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border">
          {group.members.map((member) => (
            <li key={member.user_id} className="flex items-center gap-3 px-4 py-3">
              <Avatar name={member.name} seed={member.user_id} />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-ink text-sm">{member.name}</p>
                <p className="truncate text-ink-muted text-xs">{member.email}</p>
              </div>
              <span className="hidden text-ink-muted text-xs sm:block" title={formatDate(member.added_at)}>
                Added {formatRelative(member.added_at)}
              </span>
              {writable ? (
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={`Remove ${member.name} from the group`}
                  title="Remove from group"
                  disabled={removeMember.isPending}
                  onClick={() => removeMember.mutate(member)}
                  className="hover:bg-danger-50 hover:text-danger-700"
                >
                  <UserMinus />
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </SettingsCard>
  );
}
