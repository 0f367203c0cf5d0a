import { cn } from "@web/lib/cn";
import { X } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { Button } from "./button";
import { useModal } from "./modal";
import { Spinner } from "./spinner";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  /** Escape, the close button and a click on the backdrop call it. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons, right-aligned under the content. */
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
  /** While a request runs, Escape and the backdrop do not close it. */
  dismissible?: boolean;
  className?: string;
}

/**
 * A modal dialog on the native <dialog> element: the page behind it is inert, focus stays inside
 * (Tab wraps), Escape closes it, and focus returns to what opened it. Rendered only while open,
 * so forms inside start fresh each time.
 */
export function Dialog(props: DialogProps) {
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog({
  onClose,
  title,
  description,
  children,
  footer,
  size = "md",
  dismissible = true,
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const dismissibleRef = useRef(dismissible);
  dismissibleRef.current = dismissible;

  useModal(ref);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    function onCancel(event: Event) {
      event.preventDefault();
      if (dismissibleRef.current) onCloseRef.current();
    }
    // The browser may close it without a cancel event (e.g. a second Escape); keep state in step.
    function onNativeClose() {
      onCloseRef.current();
    }
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
    };
  }, []);

  function onKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab") return;
    const items = Array.from(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter(
      (element) => element.offsetParent !== null,
    );
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        if (event.target === ref.current && dismissibleRef.current) onClose();
      }}
      className={cn(
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] overflow-visible bg-transparent p-0 text-ink",
        "backdrop:animate-fade-in backdrop:bg-ink/45 backdrop:backdrop-blur-[2px]",
        size === "sm" && "max-w-md",
        size === "md" && "max-w-lg",
        size === "lg" && "max-w-2xl",
      )}
    >
      <div
        className={cn(
          "flex max-h-[calc(100dvh-2rem)] animate-pop-in flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-popover",
          className,
        )}
      >
        <div className="flex items-start gap-4 px-6 pt-5 pb-1">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="font-semibold text-base text-ink leading-6 tracking-tight">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="mt-1 text-ink-muted text-sm leading-relaxed">
                {description}
              </div>
            ) : null}
          </div>
          <Button
            variant="ghost"
            size="icon-sm"
            className="-mt-1 -mr-2"
            aria-label="Close"
            disabled={!dismissible}
            onClick={onClose}
          >
            <X />
          </Button>
        </div>
        {children ? <div className="min-h-0 overflow-y-auto px-6 pt-4 pb-6">{children}</div> : null}
        {footer ? (
          <div className="flex flex-wrap items-center justify-end gap-2 border-border border-t bg-subtle px-6 py-3.5">
            {footer}
          </div>
        ) : null}
      </div>
    </dialog>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** Destructive actions get a red button. */
  destructive?: boolean;
  pending?: boolean;
  /** An error from the last attempt, shown above the buttons. */
  error?: ReactNode;
  children?: ReactNode;
}

/** Asks before an action that cannot be taken back (or that is annoying to take back). */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  confirmLabel,
  destructive = true,
  pending = false,
  error,
  children,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      size="sm"
      dismissible={!pending}
      footer={
        <>
          <Button variant="outline" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button
            variant={destructive ? "danger" : "primary"}
            onClick={onConfirm}
            disabled={pending}
            autoFocus
          >
            {pending ? <Spinner /> : null}
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children || error ? (
        <div className="space-y-3">
          {children}
          {error}
        </div>
      ) : null}
    </Dialog>
  );
}

/** The button row of a dialog whose buttons belong to a form inside it. */
export function DialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={cn(
        "-mx-6 -mb-6 mt-6 flex flex-wrap items-center justify-end gap-2 border-border border-t bg-subtle px-6 py-3.5",
        className,
      )}
    >
      {children}
    </div>
  );
}
