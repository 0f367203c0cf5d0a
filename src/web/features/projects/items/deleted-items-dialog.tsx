import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@web/components/ui/button";
import { Dialog } from "@web/components/ui/dialog";
import { Skeleton } from "@web/components/ui/skeleton";
import { toast } from "@web/components/ui/toast";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { ArchiveRestore } from "lucide-react";
import { useState } from "react";
import { ItemCode } from "../project-ui";
import { restoreItem, useItems } from "../projects-api";

/** The project's bin: deleted items, newest first, each restorable with its links and comments. */
export function DeletedItemsDialog({
  open,
  onClose,
  projectId,
  mayRestore,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  mayRestore: boolean;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Deleted items"
      description="Deleted items keep their comments, files and history, and come back as they were."
    >
      <DeletedItems projectId={projectId} mayRestore={mayRestore} />
    </Dialog>
  );
}

function DeletedItems({ projectId, mayRestore }: { projectId: string; mayRestore: boolean }) {
  const queryClient = useQueryClient();
  const deleted = useItems(projectId, { deleted: true, sort: "updated_at", order: "desc", per_page: 100 });
  const [restoring, setRestoring] = useState<string | null>(null);
  if (deleted.isPending) return <Skeleton className="h-24 w-full" />;
  if (deleted.isError) return <p className="text-danger-700 text-sm">{formErrorOf(deleted.error)}</p>;
  const rows = deleted.data.data;
  if (rows.length === 0)
    return <p className="py-6 text-center text-ink-muted text-sm">Nothing has been deleted.</p>;
  return (
    <ul className="divide-y divide-border rounded-lg border border-border">
      {rows.map((item) => (
        <li key={item.id} className="flex items-center gap-3 px-3 py-2.5">
          <ItemCode code={item.code} type={item.type} />
          <span className="min-w-0 flex-1">
            <span className="block truncate text-ink text-sm">{item.title}</span>
            {item.deleted_at ? (
              <span className="text-ink-muted text-xs">Deleted {formatRelative(item.deleted_at)}</span>
            ) : null}
          </span>
          {mayRestore ? (
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
          ) : null}
        </li>
      ))}
    </ul>
  );
}
