import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Skeleton } from "@web/components/ui/skeleton";
import { toast } from "@web/components/ui/toast";
import { request } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { useMe } from "@web/lib/session";
import {
  AtSign,
  Bell,
  BellOff,
  CalendarCheck,
  CheckCheck,
  MessageSquare,
  Share2,
  Target,
} from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";

// The bell in the top bar: unread count, the latest notifications, and a live feed over the
// app's SSE stream (/api/v1/events). EventSource reconnects on its own and sends Last-Event-ID,
// so the server replays whatever arrived while the connection was down.

type NotificationKind = "mention" | "comment" | "share" | "transfer" | "check_in_reminder" | string;

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  read: boolean;
  read_at: string | null;
  created_at: string;
}

const keys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread"] as const,
  list: ["notifications", "list"] as const,
};

const PAGE = 20;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** One line that says what happened, from the kind's payload. */
export function describe(notification: AppNotification): { title: string; detail: string } {
  const p = notification.payload;
  const actor = text(p.actor_name) || "Someone";
  const target = text(p.target_title) || text(p.objective_title);
  switch (notification.kind) {
    case "mention":
      return { title: `${actor} mentioned you on “${target}”`, detail: text(p.excerpt) };
    case "comment":
      return { title: `${actor} commented on “${target}”`, detail: text(p.excerpt) };
    case "share": {
      const via = text(p.group_name) ? ` (via ${text(p.group_name)})` : "";
      const permission = p.permission === "edit" ? "edit" : "view";
      return {
        title: `${actor} shared “${text(p.objective_title)}” with you${via}`,
        detail: `You can ${permission} it.`,
      };
    }
    case "transfer":
      return {
        title: `${actor} handed you “${text(p.objective_title)}”`,
        detail: "You own it now: update, share and check in on it.",
      };
    case "check_in_reminder": {
      const count = Array.isArray(p.key_results) ? p.key_results.length : 0;
      return {
        title: "Time for your weekly check-in",
        detail: count ? `${count} key ${count === 1 ? "result needs" : "results need"} an update.` : "",
      };
    }
    default:
      return { title: text(p.title) || "Notification", detail: text(p.excerpt) };
  }
}

const ICONS = {
  mention: AtSign,
  comment: MessageSquare,
  share: Share2,
  transfer: Target,
  check_in_reminder: CalendarCheck,
};

function useLiveNotifications(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/events", { withCredentials: true });
    function onNotification(event: MessageEvent<string>) {
      let notification: AppNotification;
      try {
        notification = JSON.parse(event.data) as AppNotification;
      } catch {
        return;
      }
      queryClient.setQueryData<{ data: AppNotification[] }>(keys.list, (previous) =>
        previous && !previous.data.some((entry) => entry.id === notification.id)
          ? { ...previous, data: [notification, ...previous.data].slice(0, PAGE) }
          : previous,
      );
      void queryClient.invalidateQueries({ queryKey: keys.unread });
      // A share or a hand-over changes what the goals tree shows.
      if (notification.kind === "share" || notification.kind === "transfer")
        void queryClient.invalidateQueries({ queryKey: ["goals", "tree"] });
      toast(describe(notification).title, {
        variant: "info",
        description: describe(notification).detail || undefined,
      });
    }
    source.addEventListener("notification", onNotification as EventListener);
    return () => {
      source.removeEventListener("notification", onNotification as EventListener);
      source.close();
    };
  }, [enabled, queryClient]);
}

export function NotificationBell() {
  const { data: me } = useMe();
  const enabled = Boolean(me?.active_org);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useLiveNotifications(enabled);

  const unread = useQuery({
    queryKey: keys.unread,
    queryFn: ({ signal }) => request<{ unread: number }>("/notifications/unread-count", { signal }),
    select: (envelope) => envelope.data.unread,
    enabled,
    refetchInterval: 120_000,
  });
  const list = useQuery({
    queryKey: keys.list,
    queryFn: ({ signal }) =>
      request<AppNotification[]>("/notifications", { query: { per_page: PAGE }, signal }),
    enabled: enabled && open,
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.all });
  const setRead = useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) =>
      request<AppNotification>(`/notifications/${id}`, { method: "PATCH", body: { read } }),
    onMutate: ({ id, read }) =>
      queryClient.setQueryData<{ data: AppNotification[] }>(keys.list, (previous) =>
        previous
          ? {
              ...previous,
              data: previous.data.map((entry) => (entry.id === id ? { ...entry, read } : entry)),
            }
          : previous,
      ),
    onSettled: refresh,
    onError: (error) => toast.error("Could not update the notification", { description: formErrorOf(error) }),
  });
  const readAll = useMutation({
    mutationFn: () => request<{ updated: number }>("/notifications/read-all", { method: "POST" }),
    onSettled: refresh,
    onError: (error) => toast.error("Could not mark them read", { description: formErrorOf(error) }),
  });

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  if (!enabled) return null;
  const count = unread.data ?? 0;

  function openNotification(notification: AppNotification) {
    if (!notification.read) setRead.mutate({ id: notification.id, read: true });
    setOpen(false);
    const link = text(notification.payload.link);
    if (link.startsWith("/") && !link.startsWith("//")) void navigate({ href: link });
  }

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
        className={buttonVariants({ variant: "ghost", size: "icon-sm", className: "relative" })}
      >
        <Bell />
        {count > 0 ? (
          <span className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-danger-600 px-1 font-semibold text-[10px] text-white tabular-nums ring-2 ring-canvas">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <section
          id={panelId}
          aria-label="Notifications"
          className="absolute top-full right-0 z-40 mt-2 w-[380px] animate-pop-in overflow-hidden rounded-xl border border-border bg-surface shadow-popover"
        >
          <header className="flex items-center justify-between border-border border-b px-4 py-2.5">
            <h2 className="font-semibold text-ink text-sm">Notifications</h2>
            <Button
              variant="ghost"
              size="sm"
              className="-mr-2 h-7"
              disabled={count === 0 || readAll.isPending}
              onClick={() => readAll.mutate()}
            >
              <CheckCheck aria-hidden="true" />
              Mark all read
            </Button>
          </header>
          <div className="max-h-[440px] overflow-y-auto">
            {list.isPending ? (
              <div className="space-y-3 p-4">
                <Skeleton className="h-12" />
                <Skeleton className="h-12" />
                <Skeleton className="h-12" />
              </div>
            ) : list.isError ? (
              <p className="p-4 text-danger-700 text-sm">Could not load your notifications.</p>
            ) : list.data.data.length === 0 ? (
              <div className="flex flex-col items-center gap-2 px-6 py-10 text-center">
                <BellOff className="size-6 text-ink-faint" aria-hidden="true" />
                <p className="font-medium text-ink text-sm">You're all caught up</p>
                <p className="text-ink-muted text-xs">
                  Mentions, comments on your goals and shares show up here.
                </p>
              </div>
            ) : (
              <ul className="divide-y divide-border">
                {list.data.data.map((notification) => {
                  const { title, detail } = describe(notification);
                  const Icon = ICONS[notification.kind as keyof typeof ICONS] ?? Bell;
                  return (
                    <li
                      key={notification.id}
                      className={cn("group relative", !notification.read && "bg-accent-50/40")}
                    >
                      <button
                        type="button"
                        onClick={() => openNotification(notification)}
                        className="flex w-full items-start gap-3 px-4 py-3 pr-10 text-left outline-none hover:bg-subtle focus-visible:bg-subtle"
                      >
                        <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-muted text-ink-muted">
                          <Icon className="size-3.5" aria-hidden="true" />
                        </span>
                        <span className="min-w-0 flex-1">
                          <span
                            className={cn(
                              "block text-sm",
                              notification.read ? "text-ink-soft" : "font-medium text-ink",
                            )}
                          >
                            {title}
                          </span>
                          {detail ? (
                            <span className="mt-0.5 line-clamp-2 block text-ink-muted text-xs">{detail}</span>
                          ) : null}
                          <span className="mt-1 block text-[11px] text-ink-faint">
                            {formatRelative(notification.created_at)}
                          </span>
                        </span>
                      </button>
                      <button
                        type="button"
                        aria-label={notification.read ? "Mark as unread" : "Mark as read"}
                        title={notification.read ? "Mark as unread" : "Mark as read"}
                        onClick={() => setRead.mutate({ id: notification.id, read: !notification.read })}
                        className="absolute top-3.5 right-3 flex size-6 items-center justify-center rounded-full outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-accent-600"
                      >
                        <span
                          className={cn(
                            "size-2 rounded-full",
                            notification.read
                              ? "border border-border-strong opacity-0 group-hover:opacity-100"
                              : "bg-accent-700",
                          )}
                        />
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          <footer className="border-border border-t px-4 py-2 text-xs">
            <Link
              to="/settings/profile"
              hash="notifications"
              onClick={() => setOpen(false)}
              className="text-ink-muted hover:text-ink hover:underline"
            >
              Choose what is also sent by email
            </Link>
          </footer>
        </section>
      ) : null}
    </div>
  );
}
