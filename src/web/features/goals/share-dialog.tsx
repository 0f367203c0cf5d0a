import { useQuery } from "@tanstack/react-query";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { Dialog } from "@web/components/ui/dialog";
import { Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { useSession } from "@web/lib/session";
import { Users, UsersRound, X } from "lucide-react";
import { useState } from "react";
import { VISIBILITY_OPTIONS } from "./goal-ui";
import { sharesQuery, useGroups, useMembers, useShareObjective, useUpdateObjective } from "./goals-api";
import type { ObjectiveFields, SharePermission, Visibility } from "./types";

/** Who can see and edit an objective: its visibility, and shares with people or groups. */
export function ShareDialog({
  objective,
  onClose,
}: {
  objective: ObjectiveFields | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={objective !== null}
      onClose={onClose}
      title="Share objective"
      description={objective ? `“${objective.title}”` : undefined}
      size="lg"
    >
      {objective ? <ShareForm objective={objective} /> : null}
    </Dialog>
  );
}

function ShareForm({ objective }: { objective: ObjectiveFields }) {
  const { user } = useSession();
  const shares = useQuery(sharesQuery(objective.id));
  const members = useMembers();
  const groups = useGroups();
  const { share, unshare } = useShareObjective(objective.id);
  const updateObjective = useUpdateObjective();
  const [target, setTarget] = useState("");
  const [permission, setPermission] = useState<SharePermission>("view");
  const isOwner = objective.access === "owner";

  const sharedWith = new Set((shares.data ?? []).map((entry) => entry.user_id ?? entry.group_id));
  const people = members.filter(
    (member) =>
      member.user_id !== objective.owner_id && member.user_id !== user.id && !sharedWith.has(member.user_id),
  );
  const liveGroups = groups.filter((group) => !group.deleted_at && !sharedWith.has(group.id));
  // The server makes a private objective group-visible when it is shared with a group: say so first.
  const opensToGroup = target.startsWith("group:") && objective.visibility === "private";

  function add() {
    const [kind, id] = target.split(":");
    if (!id) return;
    share.mutate(kind === "group" ? { group_id: id, permission } : { user_id: id, permission }, {
      onSuccess: () => setTarget(""),
    });
  }

  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h3 className="font-medium text-ink text-sm">Visibility</h3>
        <div className="grid gap-2 sm:grid-cols-3" role="radiogroup" aria-label="Visibility">
          {VISIBILITY_OPTIONS.map((option) => {
            const selected = option.value === objective.visibility;
            return (
              // biome-ignore lint/a11y/useSemanticElements: a card-sized choice, styled beyond a native radio
              <button
                key={option.value}
                type="button"
                role="radio"
                aria-checked={selected}
                disabled={!isOwner || updateObjective.isPending}
                onClick={() =>
                  updateObjective.mutate({
                    id: objective.id,
                    patch: { visibility: option.value as Visibility },
                  })
                }
                className={
                  selected
                    ? "rounded-lg border border-accent-600 bg-accent-50 p-3 text-left outline-none ring-accent-600/20 focus-visible:ring-3"
                    : "rounded-lg border border-border p-3 text-left outline-none hover:bg-subtle focus-visible:ring-3 focus-visible:ring-accent-600/20 disabled:opacity-60"
                }
              >
                <span className="flex items-center gap-2 font-medium text-ink text-sm">
                  <option.icon className="size-4 text-ink-muted" aria-hidden="true" />
                  {option.label}
                </span>
                <span className="mt-1 block text-ink-muted text-xs leading-snug">{option.hint}</span>
              </button>
            );
          })}
        </div>
        {!isOwner ? (
          <p className="text-ink-muted text-xs">Only the owner changes visibility and sharing.</p>
        ) : null}
      </section>

      {isOwner ? (
        <section className="space-y-2">
          <h3 className="font-medium text-ink text-sm">Share with a person or a group</h3>
          <form
            className="flex flex-col gap-2 sm:flex-row"
            onSubmit={(event) => {
              event.preventDefault();
              add();
            }}
          >
            <Select
              aria-label="Person or group"
              className="flex-1"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
            >
              <option value="">Choose a person or group…</option>
              {people.length > 0 ? (
                <optgroup label="People">
                  {people.map((member) => (
                    <option key={member.user_id} value={`user:${member.user_id}`}>
                      {member.name} ({member.email})
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {liveGroups.length > 0 ? (
                <optgroup label="Groups">
                  {liveGroups.map((group) => (
                    <option key={group.id} value={`group:${group.id}`}>
                      {group.name} · {group.member_count} {group.member_count === 1 ? "member" : "members"}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </Select>
            <Select
              aria-label="Permission"
              className="sm:w-32"
              value={permission}
              onChange={(event) => setPermission(event.target.value as SharePermission)}
            >
              <option value="view">Can view</option>
              <option value="edit">Can edit</option>
            </Select>
            <Button type="submit" disabled={!target || share.isPending}>
              {share.isPending ? <Spinner /> : null}
              Share
            </Button>
          </form>
          {opensToGroup ? (
            <p
              role="note"
              className="flex items-start gap-2 rounded-md bg-warning-50 px-3 py-2 text-warning-700 text-xs"
            >
              <Users className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
              <span>
                This objective is private. Sharing it with a group changes its visibility to{" "}
                <strong className="font-semibold">Groups</strong>: members of the group will see it, and it
                stays visible to groups until you remove every group share.
              </span>
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="space-y-2">
        <h3 className="font-medium text-ink text-sm">Shared with</h3>
        {shares.isPending ? (
          <div className="space-y-2">
            <Skeleton className="h-11" />
            <Skeleton className="h-11" />
          </div>
        ) : shares.isError ? (
          <p className="text-danger-700 text-sm">Could not load who it is shared with.</p>
        ) : shares.data.length === 0 ? (
          <div className="flex items-center gap-3 rounded-lg border border-border border-dashed px-4 py-5 text-ink-muted text-sm">
            <UsersRound className="size-5 text-ink-faint" aria-hidden="true" />
            Not shared with anyone yet.
          </div>
        ) : (
          <ul className="divide-y divide-border rounded-lg border border-border">
            {shares.data.map((entry) => {
              const name = entry.user_name ?? entry.group_name ?? "Unknown";
              return (
                <li key={entry.id} className="flex items-center gap-3 px-3 py-2">
                  {entry.group_id ? (
                    <span className="flex size-7 items-center justify-center rounded-full bg-muted text-ink-muted">
                      <UsersRound className="size-4" aria-hidden="true" />
                    </span>
                  ) : (
                    <Avatar name={name} seed={entry.user_id ?? undefined} size="sm" />
                  )}
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-ink text-sm">{name}</p>
                    <p className="text-ink-muted text-xs">{entry.group_id ? "Group" : "Person"}</p>
                  </div>
                  <Select
                    aria-label={`Permission for ${name}`}
                    className="h-8 w-32 text-[13px]"
                    disabled={!isOwner || share.isPending}
                    value={entry.permission}
                    onChange={(event) =>
                      share.mutate({
                        ...(entry.group_id ? { group_id: entry.group_id } : { user_id: entry.user_id! }),
                        permission: event.target.value as SharePermission,
                      })
                    }
                  >
                    <option value="view">Can view</option>
                    <option value="edit">Can edit</option>
                  </Select>
                  {isOwner ? (
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Stop sharing with ${name}`}
                      disabled={unshare.isPending}
                      onClick={() => unshare.mutate(entry.id)}
                    >
                      <X />
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
