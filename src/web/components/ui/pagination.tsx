import type { PageMeta } from "@shared/api";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "./button";

/** "Showing 21–40 of 135" with previous/next; hidden when everything fits on one page. */
export function Pagination({
  meta,
  onPageChange,
  noun = ["result", "results"],
}: {
  meta: PageMeta | undefined;
  onPageChange: (page: number) => void;
  /** Singular and plural: ["member", "members"]. */
  noun?: [string, string];
}) {
  if (!meta || meta.total === 0) return null;
  const pages = Math.max(1, Math.ceil(meta.total / meta.per_page));
  const first = (meta.page - 1) * meta.per_page + 1;
  const last = Math.min(meta.total, meta.page * meta.per_page);
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 border-border border-t px-4 py-3 text-ink-muted text-sm"
    >
      <p>
        {pages > 1 ? (
          <>
            Showing <span className="font-medium text-ink">{first}</span>–
            <span className="font-medium text-ink">{last}</span> of{" "}
          </>
        ) : null}
        <span className="font-medium text-ink">{meta.total}</span> {meta.total === 1 ? noun[0] : noun[1]}
      </p>
      {pages > 1 ? (
        <div className="flex items-center gap-2">
          <span className="hidden sm:inline">
            Page {meta.page} of {pages}
          </span>
          <Button
            variant="outline"
            size="sm"
            disabled={meta.page <= 1}
            onClick={() => onPageChange(meta.page - 1)}
          >
            <ChevronLeft aria-hidden="true" />
            Previous
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={meta.page >= pages}
            onClick={() => onPageChange(meta.page + 1)}
          >
            Next
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      ) : null}
    </nav>
  );
}
