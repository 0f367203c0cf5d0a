import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@web/components/ui/button";
import { Dialog } from "@web/components/ui/dialog";
import { Pagination } from "@web/components/ui/pagination";
import { Skeleton } from "@web/components/ui/skeleton";
import { toast } from "@web/components/ui/toast";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { ArchiveRestore } from "lucide-react";
import { useEffect, useState } from "react";
import { ItemCode } from "../project-ui";
import { restoreItem, useItems } from "../projects-api";

const PER_PAGE = 25;

/**
 * The project's bin, for those who may delete and restore items: deleted items, most recently
 * changed first, a page at a time. Each opens read-only, or comes back with its links and comments.
 */
export function DeletedItemsDialog({
  open,
  onClose,
  projectId,
  onOpenItem,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  onOpenItem: (itemId: string) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Deleted items"
      description="Deleted items keep their comments, files and history, and come back as they were."
    >
      <DeletedItems projectId={projectId} onOpenItem={onOpenItem} />
    </Dialog>
  );
}

function DeletedItems({
  projectId,
  onOpenItem,
}: {
  projectId: string;
  onOpenItem: (itemId: string) => void;
}) {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const deleted = useItems(projectId, {
    deleted: true,
    sort: "updated_at",
    order: "desc",
    page,
    per_page: PER_PAGE,
  });
  const [restoring, setRestoring] = useState<string | null>(null);
  const emptiedPage = page > 1 && deleted.data?.data.length === 0;
  // Restoring the last item of the last page empties it: step back to the one before.
  useEffect(() => {
    if (emptiedPage) setPage((current) => current - 1);
  }, [emptiedPage]);
  if (deleted.isPending) return <Skeleton className="h-24 w-full" />;
  if (deleted.isError) return <p className="text-danger-700 text-sm">{formErrorOf(deleted.error)}</p>;
  const rows = deleted.data.data;
  if (rows.length === 0 && page === 1)
    return <p className="py-6 text-center text-ink-muted text-sm">Nothing has been deleted.</p>;
  return (
    <div className="overflow-hidden rounded-lg border border-border">
      <ul className="divide-y divide-border">
        {rows.map((item) => (
          <li key={item.id} className="flex items-center gap-3 px-3 py-2.5">
            <ItemCode code={item.code} type={item.type} />
            <span className="min-w-0 flex-1">
              <button
                type="button"
                onClick={() => onOpenItem(item.id)}
                className="block max-w-full truncate rounded text-left text-ink text-sm outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600"
              >
                {item.title}
              </button>
              {item.deleted_at ? (
                <span className="text-ink-muted text-xs">Deleted {formatRelative(item.deleted_at)}</span>
              ) : null}
            </span>
            <Button
              variant="outline"
              size="sm"
              disabled={restoring !== null}
              onClick={() => {
                setRestoring(item.id);
                restoreItem(queryClient, projectId, item.id)
                  .then(() => toast.success(`${item.code} was restored`))
                  .catch((error: unknown) =>
                    toast.error(`${item.code} could not be restored`, { description: formErrorOf(error) }),
                  )
                  .finally(() => setRestoring(null));
              }}
            >
              <ArchiveRestore aria-hidden="true" />
              Restore
            </Button>
          </li>
        ))}
      </ul>
      <Pagination meta={deleted.data.meta} onPageChange={setPage} noun={["deleted item", "deleted items"]} />
    </div>
  );
}
