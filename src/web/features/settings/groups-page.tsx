import type { Group } from "@shared/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Pagination } from "@web/components/ui/pagination";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { Tabs } from "@web/components/ui/tabs";
import { request } from "@web/lib/api";
import { formatDate, formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { ArchiveRestore, ChevronRight, Plus, Trash2, UsersRound } from "lucide-react";
import { useState } from "react";
import { CreateGroupDialog } from "./group-form-dialog";
import { useDeleteGroup } from "./groups-api";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "./settings-ui";

type View = "active" | "deleted";

export function GroupsPage() {
  return (
    <RequirePermission action="groups.read" what="groups">
      <Groups />
    </RequirePermission>
  );
}

function useGroups(view: View, page: number) {
  return useQuery({
    queryKey: ["groups", "list", { view, page }],
    queryFn: ({ signal }) =>
      request<Group[]>("/groups", {
        query: { deleted: view === "deleted" ? "true" : undefined, page, per_page: 20 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

function Groups() {
  const { can } = useSession();
  const [view, setView] = useState<View>("active");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const groups = useGroups(view, page);
  const deletedCount = useGroups("deleted", 1).data?.meta?.total;
  const activeCount = useGroups("active", 1).data?.meta?.total;
  const { remove, restore } = useDeleteGroup();
  const writable = can("groups.write");
  const rows = groups.data?.data ?? [];

  return (
    <>
      <SettingsHeader
        title="Groups"
        description="Teams and practices inside the organization. Share goals, projects and knowledge with a group instead of person by person."
        actions={
          writable ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New group
            </Button>
          ) : null
        }
      />
      <div className="mb-4 flex items-center gap-3">
        <Tabs
          label="Groups"
          value={view}
          onChange={(next) => {
            setView(next);
            setPage(1);
          }}
          items={[
            { value: "active", label: "Groups", count: activeCount },
            { value: "deleted", label: "Deleted", count: deletedCount },
          ]}
        />
        {groups.isFetching && !groups.isPending ? (
          <Spinner className="text-ink-faint" label="Updating" />
        ) : null}
      </div>
      <Card className="overflow-hidden" role="tabpanel">
        {groups.isPending ? (
          <TableSkeleton rows={3} columns={3} />
        ) : groups.isError ? (
          <div className="p-5">
            <LoadError error={groups.error} onRetry={() => void groups.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          view === "active" ? (
            <InlineEmpty
              icon={UsersRound}
              title="No groups yet"
              description="Create groups for your teams, practices or client accounts, then share work with them in one step."
              action={
                writable ? (
                  <Button size="sm" onClick={() => setCreating(true)}>
                    <Plus aria-hidden="true" />
                    New group
                  </Button>
                ) : null
              }
            />
          ) : (
            <InlineEmpty
              icon={Trash2}
              title="Nothing deleted"
              description="Deleted groups land here, and can be restored with their members."
            />
          )
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Group</Th>
                <Th className="w-28">Members</Th>
                <Th className="hidden w-40 md:table-cell">{view === "deleted" ? "Deleted" : "Created"}</Th>
                <Th className="w-32">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((group) => (
                <Tr key={group.id} className={view === "active" ? "group/row relative" : undefined}>
                  <Td>
                    {view === "active" ? (
                      <Link
                        to="/settings/groups/$groupId"
                        params={{ groupId: group.id }}
                        className="font-medium text-ink outline-none after:absolute after:inset-0 hover:text-accent-800 focus-visible:after:ring-2 focus-visible:after:ring-accent-600 focus-visible:after:ring-inset"
                      >
                        {group.name}
                      </Link>
                    ) : (
                      <span className="font-medium text-ink">{group.name}</span>
                    )}
                    <p className="line-clamp-1 text-ink-muted text-xs">
                      {group.description || "No description"}
                    </p>
                  </Td>
                  <Td className="text-ink-soft tabular-nums">{group.member_count}</Td>
                  <Td className="hidden text-ink-muted md:table-cell">
                    {view === "deleted" && group.deleted_at ? (
                      <span title={formatDate(group.deleted_at)}>{formatRelative(group.deleted_at)}</span>
                    ) : (
                      formatDate(group.created_at)
                    )}
                  </Td>
                  <Td className="text-right">
                    {view === "deleted" ? (
                      writable ? (
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={restore.isPending}
                          onClick={() => restore.mutate(group)}
                        >
                          {restore.isPending && restore.variables?.id === group.id ? (
                            <Spinner />
                          ) : (
                            <ArchiveRestore aria-hidden="true" />
                          )}
                          Restore
                        </Button>
                      ) : null
                    ) : (
                      <div className="relative z-10 flex items-center justify-end gap-1">
                        {writable ? (
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            aria-label={`Delete ${group.name}`}
                            title="Delete group"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(group)}
                            className="hover:bg-danger-50 hover:text-danger-700"
                          >
                            <Trash2 />
                          </Button>
                        ) : null}
                        <ChevronRight className="size-4 text-ink-faint" aria-hidden="true" />
                      </div>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <Pagination
          meta={groups.data?.meta}
          onPageChange={setPage}
          noun={view === "deleted" ? ["deleted group", "deleted groups"] : ["group", "groups"]}
        />
      </Card>
      <CreateGroupDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
