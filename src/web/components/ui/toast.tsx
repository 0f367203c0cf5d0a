import { cn } from "@web/lib/cn";
import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { type ReactNode, useEffect, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { useTopModal } from "./modal";

export type ToastVariant = "success" | "error" | "info";

export interface ToastOptions {
  variant?: ToastVariant;
  description?: ReactNode;
  /** A button in the toast, e.g. Undo. Clicking it dismisses the toast. */
  action?: { label: string; onClick: () => void };
  /** Milliseconds before it goes; defaults to 5 s, 8 s with an action or a description. */
  duration?: number;
}

interface ToastItem extends ToastOptions {
  id: number;
  title: ReactNode;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function dismissToast(id: number) {
  items = items.filter((item) => item.id !== id);
  emit();
}

/** Shows a short message in the corner of the screen. Returns its id. */
export function toast(title: ReactNode, options: ToastOptions = {}): number {
  const id = nextId++;
  items = [...items.slice(-2), { id, title, ...options }];
  emit();
  return id;
}
toast.success = (title: ReactNode, options: Omit<ToastOptions, "variant"> = {}) =>
  toast(title, { ...options, variant: "success" });
toast.error = (title: ReactNode, options: Omit<ToastOptions, "variant"> = {}) =>
  toast(title, { ...options, variant: "error" });

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const ICONS = { success: CircleCheck, error: CircleAlert, info: Info };
const ICON_COLORS = { success: "text-success-700", error: "text-danger-600", info: "text-accent-700" };

function ToastCard({ item }: { item: ToastItem }) {
  const variant = item.variant ?? "info";
  const Icon = ICONS[variant];
  const duration = item.duration ?? (item.action || item.description ? 8000 : 5000);

  useEffect(() => {
    const timer = window.setTimeout(() => dismissToast(item.id), duration);
    return () => window.clearTimeout(timer);
  }, [item.id, duration]);

  return (
    <li
      className="pointer-events-auto flex w-full animate-pop-in items-start gap-3 rounded-lg border border-border bg-surface p-3.5 shadow-popover"
      data-variant={variant}
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", ICON_COLORS[variant])} aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-ink text-sm leading-5">{item.title}</p>
        {item.description ? (
          <div className="mt-0.5 text-ink-muted text-sm leading-relaxed">{item.description}</div>
        ) : null}
      </div>
      {item.action ? (
        <button
          type="button"
          onClick={() => {
            item.action?.onClick();
            dismissToast(item.id);
          }}
          className="shrink-0 rounded px-1.5 py-0.5 font-medium text-accent-700 text-sm outline-none hover:bg-accent-50 focus-visible:ring-2 focus-visible:ring-accent-600"
        >
          {item.action.label}
        </button>
      ) : null}
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => dismissToast(item.id)}
        className="-mt-0.5 -mr-1 flex size-6 shrink-0 items-center justify-center rounded text-ink-faint outline-none hover:bg-muted hover:text-ink-soft focus-visible:ring-2 focus-visible:ring-accent-600"
      >
        <X className="size-3.5" aria-hidden="true" />
      </button>
    </li>
  );
}

/**
 * Where toasts appear; mounted once at the root. Announced politely to screen readers. While a
 * modal dialog is open they render inside it: anywhere else they would sit under it, inert.
 */
export function Toaster() {
  const current = useSyncExternalStore(
    subscribe,
    () => items,
    () => items,
  );
  const modal = useTopModal();
  const viewport = (
    <section
      aria-label="Notifications"
      aria-live="polite"
      className="pointer-events-none fixed right-0 bottom-0 z-[70] w-full max-w-sm p-4 sm:p-6"
    >
      <ol className="flex flex-col gap-2">
        {current.map((item) => (
          <ToastCard key={item.id} item={item} />
        ))}
      </ol>
    </section>
  );
  return modal ? createPortal(viewport, modal) : viewport;
}
