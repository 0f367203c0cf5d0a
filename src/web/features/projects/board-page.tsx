import { ITEM_STATUSES, ITEM_TYPES, type ItemStatus, type ItemType, isFinishedStatus } from "@core/raid";
import { keepPreviousData, useQueries } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { Kbd } from "@web/components/ui/kbd";
import { Skeleton } from "@web/components/ui/skeleton";
import { toast } from "@web/components/ui/toast";
import { LoadError } from "@web/features/settings/settings-ui";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { type DragEvent, type KeyboardEvent, useState } from "react";
import { ItemDrawer } from "./items/item-drawer";
import {
  IndicatorBadge,
  ItemCode,
  PriorityLabel,
  RiskScoreChip,
  STATUS_LABELS,
  TYPE_ICONS,
  TYPE_PLURALS,
} from "./project-ui";
import {
  canEditItem,
  fetchItems,
  type Item,
  type ItemListParams,
  projectKeys,
  useOptimisticItemUpdate,
  useProject,
} from "./projects-api";

const route = getRouteApi("/app/projects/$projectId/board");
const PER_COLUMN = 100;

const COLUMN_ACCENTS: Record<ItemStatus, string> = {
  open: "bg-ink-faint",
  in_progress: "bg-accent-600",
  blocked: "bg-danger-600",
  done: "bg-success-700",
  closed: "bg-border-strong",
};

/** The items as a Kanban by status: drag a card, or focus it and press Shift+← / Shift+→. */
export function BoardPage() {
  const { projectId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { user } = useSession();
  const project = useProject(projectId).data;
  const types = search.type?.split(",") as ItemType[] | undefined;
  // Pages shown per column, for the filter they were loaded under: a new filter starts at one.
  const [shown, setShown] = useState<{ filter?: string; pages: Partial<Record<ItemStatus, number>> }>({
    pages: {},
  });
  const pagesOf = (status: ItemStatus) => (shown.filter === search.type ? (shown.pages[status] ?? 1) : 1);
  const showMore = (status: ItemStatus) =>
    setShown({
      filter: search.type,
      pages: { ...(shown.filter === search.type ? shown.pages : {}), [status]: pagesOf(status) + 1 },
    });
  // One query per page of each column, so "Show more" fetches only the next page.
  const pages = ITEM_STATUSES.flatMap((status) =>
    Array.from({ length: pagesOf(status) }, (_, index) => ({ status, page: index + 1 })),
  );
  const queries = useQueries({
    queries: pages.map(({ status, page }) => {
      const params: ItemListParams = {
        status: [status],
        type: types,
        sort: "priority",
        order: "desc",
        page,
        per_page: PER_COLUMN,
      };
      return {
        queryKey: projectKeys.itemList(projectId, params),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchItems(projectId, params, signal),
        placeholderData: keepPreviousData,
      };
    }),
  });
  const columns = ITEM_STATUSES.map((status) => {
    const own = queries.filter((_, index) => pages[index]!.status === status);
    return { status, query: own[0]!, more: own.slice(1) };
  });
  const update = useOptimisticItemUpdate(projectId);
  const [dragging, setDragging] = useState<Item | null>(null);
  const [over, setOver] = useState<ItemStatus | null>(null);
  const [announcement, setAnnouncement] = useState("");

  // Cards go where their (possibly optimistic) status says, whichever column's page they came
  // from. A card that moved between pages as others changed shows once.
  const all = [
    ...new Map(queries.flatMap((query) => query.data?.data ?? []).map((item) => [item.id, item])).values(),
  ];
  const byStatus = (status: ItemStatus) => all.filter((item) => item.status === status);
  const failed = queries.find((query) => query.isError);

  function move(item: Item, status: ItemStatus) {
    if (item.status === status) return;
    if (!canEditItem(project, item, user.id)) {
      toast.error(`You can't move ${item.code}`, {
        description: "Team members move only items assigned to them.",
      });
      return;
    }
    setAnnouncement(`${item.code} moved to ${STATUS_LABELS[status]}`);
    update.mutate(
      {
        itemId: item.id,
        patch: { status },
        optimistic: isFinishedStatus(status)
          ? { status, percent_complete: 100 }
          : { status, percent_complete: isFinishedStatus(item.status) ? 0 : item.percent_complete },
      },
      {
        onError: (error) => {
          setAnnouncement(`${item.code} could not be moved`);
          toast.error(`${item.code} went back to ${STATUS_LABELS[item.status]}`, {
            description: formErrorOf(error),
          });
        },
      },
    );
  }

  function onCardKey(event: KeyboardEvent<HTMLButtonElement>, item: Item) {
    const column = ITEM_STATUSES.indexOf(item.status);
    if (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      event.preventDefault();
      const next = ITEM_STATUSES[column + (event.key === "ArrowRight" ? 1 : -1)];
      if (next) {
        move(item, next);
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-card="${item.id}"]`)?.focus());
      }
      return;
    }
    if (
      event.key === "ArrowDown" ||
      event.key === "ArrowUp" ||
      event.key === "ArrowRight" ||
      event.key === "ArrowLeft"
    ) {
      event.preventDefault();
      const cards = (status: ItemStatus) =>
        Array.from(document.querySelectorAll<HTMLElement>(`[data-column="${status}"] [data-card]`));
      const here = cards(item.status);
      const index = here.findIndex((element) => element.dataset.card === item.id);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        here[index + (event.key === "ArrowDown" ? 1 : -1)]?.focus();
      } else {
        for (let step = 1; step < ITEM_STATUSES.length; step++) {
          const target = ITEM_STATUSES[column + (event.key === "ArrowRight" ? step : -step)];
          if (!target) break;
          const there = cards(target);
          if (there.length > 0) {
            there[Math.min(index, there.length - 1)]?.focus();
            break;
          }
        }
      }
    }
  }

  const setTypes = (next: ItemType[]) =>
    void navigate({
      search: (previous) => ({ ...previous, type: next.length > 0 ? next.join(",") : undefined }),
    });

  return (
    <section aria-label="Board" className="space-y-4">
      <div className="flex flex-wrap items-center gap-1.5">
        {ITEM_TYPES.map((type) => {
          const Icon = TYPE_ICONS[type];
          const active = types?.includes(type) ?? false;
          return (
            <button
              key={type}
              type="button"
              aria-pressed={active}
              onClick={() =>
                setTypes(active ? (types ?? []).filter((value) => value !== type) : [...(types ?? []), type])
              }
              className={cn(
                "inline-flex h-7 items-center gap-1.5 rounded-full border px-3 font-medium text-[13px] outline-none transition-colors focus-visible:ring-2 focus-visible:ring-accent-600",
                active
                  ? "border-accent-600 bg-accent-50 text-accent-800"
                  : "border-border-strong bg-surface text-ink-muted hover:text-ink",
              )}
            >
              <Icon className="size-3.5" aria-hidden="true" />
              {TYPE_PLURALS[type]}
            </button>
          );
        })}
        <p className="ml-auto hidden items-center gap-1.5 text-ink-muted text-xs md:flex">
          Drag cards, or focus one and press <Kbd>Shift</Kbd>+<Kbd>←</Kbd>/<Kbd>→</Kbd> to move it
        </p>
      </div>
      <p id="board-move-hint" className="sr-only">
        Shift and the left or right arrow moves the card to the previous or next column.
      </p>
      <p className="sr-only" aria-live="assertive">
        {announcement}
      </p>
      {failed ? <LoadError error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      <div className="-mx-1 flex gap-3 overflow-x-auto px-1 pb-2">
        {columns.map(({ status, query, more }) => {
          const cards = byStatus(status);
          const total = query.data?.meta?.total ?? 0;
          const loaded = PER_COLUMN * pagesOf(status);
          const loadingMore = more.some((page) => page.isPending);
          return (
            <section
              key={status}
              aria-label={STATUS_LABELS[status]}
              data-column={status}
              onDragOver={(event: DragEvent) => {
                if (!dragging) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
                setOver(status);
              }}
              onDragLeave={(event) => {
                if (!event.currentTarget.contains(event.relatedTarget as Node)) setOver(null);
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragging) move(dragging, status);
                setDragging(null);
                setOver(null);
              }}
              className={cn(
                "flex max-h-[calc(100dvh-18rem)] min-h-72 min-w-48 flex-1 basis-0 flex-col rounded-xl border bg-subtle transition-colors",
                over === status && dragging?.status !== status
                  ? "border-accent-600 bg-accent-50/50"
                  : "border-border",
              )}
            >
              <header className="flex items-center gap-2 px-3 pt-3 pb-2">
                <span className={cn("size-2 rounded-full", COLUMN_ACCENTS[status])} aria-hidden="true" />
                <h2 className="font-medium text-ink text-sm">{STATUS_LABELS[status]}</h2>
                <span className="rounded-full bg-border/70 px-1.5 text-[11px] text-ink-muted tabular-nums">
                  {query.isPending ? "…" : total}
                </span>
              </header>
              <ol className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto px-2 pb-2">
                {query.isPending
                  ? ["a", "b"].map((key) => (
                      <Skeleton key={key} className="h-24 w-full rounded-lg bg-surface" />
                    ))
                  : cards.map((item) => (
                      <li key={item.id}>
                        <BoardCard
                          item={item}
                          movable={canEditItem(project, item, user.id)}
                          dragging={dragging?.id === item.id}
                          onDragStart={() => setDragging(item)}
                          onDragEnd={() => {
                            setDragging(null);
                            setOver(null);
                          }}
                          onOpen={() =>
                            void navigate({ search: (previous) => ({ ...previous, item: item.id }) })
                          }
                          onKeyDown={(event) => onCardKey(event, item)}
                        />
                      </li>
                    ))}
                {!query.isPending && cards.length === 0 ? (
                  <li className="rounded-lg border border-border-strong border-dashed px-3 py-6 text-center text-ink-faint text-xs">
                    {dragging ? "Drop here" : "Nothing here"}
                  </li>
                ) : null}
                {total > loaded || loadingMore ? (
                  <li className="flex flex-col items-center gap-1.5 px-1 py-1 text-center text-ink-muted text-xs">
                    <span>
                      Showing {Math.min(loaded, total)} of {total}, highest priority first
                    </span>
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={loadingMore}
                      onClick={() => showMore(status)}
                      aria-label={`Show ${Math.min(PER_COLUMN, total - loaded)} more in ${STATUS_LABELS[status]}`}
                    >
                      {loadingMore ? "Loading…" : `Show ${Math.min(PER_COLUMN, total - loaded)} more`}
                    </Button>
                  </li>
                ) : null}
              </ol>
            </section>
          );
        })}
      </div>
      <ItemDrawer
        projectId={projectId}
        itemId={search.item}
        onClose={() => void navigate({ search: (previous) => ({ ...previous, item: undefined }) })}
        onOpenItem={(itemId) => void navigate({ search: (previous) => ({ ...previous, item: itemId }) })}
      />
    </section>
  );
}

function BoardCard({
  item,
  movable,
  dragging,
  onDragStart,
  onDragEnd,
  onOpen,
  onKeyDown,
}: {
  item: Item;
  movable: boolean;
  dragging: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onOpen: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  return (
    <button
      type="button"
      data-card={item.id}
      draggable={movable}
      onDragStart={(event) => {
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.code);
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onClick={onOpen}
      onKeyDown={onKeyDown}
      aria-label={`${item.code} ${item.title}`}
      aria-describedby={movable ? "board-move-hint" : undefined}
      className={cn(
        "w-full rounded-lg border border-border bg-surface p-3 text-left shadow-xs outline-none transition-[box-shadow,opacity]",
        "hover:shadow-card focus-visible:ring-2 focus-visible:ring-accent-600",
        movable ? "cursor-grab active:cursor-grabbing" : "cursor-pointer",
        dragging && "opacity-40",
      )}
    >
      <span className="flex items-center justify-between gap-2">
        <ItemCode code={item.code} type={item.type} />
        {item.type === "risk" ? <RiskScoreChip score={item.risk_score} level={item.risk_level} /> : null}
      </span>
      <span className="mt-1.5 line-clamp-2 block font-medium text-ink text-sm leading-5">{item.title}</span>
      <span className="mt-2.5 flex flex-wrap items-center gap-2">
        <IndicatorBadge indicator={item.indicator} />
        <span className="ml-auto flex items-center gap-2">
          <PriorityLabel priority={item.priority} />
          {item.assignee ? (
            <span title={item.assignee.name}>
              <Avatar
                name={item.assignee.name}
                seed={item.assignee.id}
                size="sm"
                className="size-6 text-[10px]"
              />
            </span>
          ) : null}
        </span>
      </span>
    </button>
  );
}
