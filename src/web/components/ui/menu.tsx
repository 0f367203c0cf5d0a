import { Link, type LinkProps } from "@tanstack/react-router";
import { cn } from "@web/lib/cn";
import {
  createContext,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";

interface MenuContextValue {
  close: (options?: { restoreFocus?: boolean }) => void;
}

const MenuContext = createContext<MenuContextValue | null>(null);

export interface MenuTriggerProps {
  ref: RefObject<HTMLButtonElement | null>;
  "aria-haspopup": "menu";
  "aria-expanded": boolean;
  "aria-controls": string | undefined;
  onClick: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}

export interface DropdownMenuProps {
  /** Renders the button that opens the menu; spread the props onto it. */
  trigger: (props: MenuTriggerProps, open: boolean) => ReactNode;
  children: ReactNode;
  align?: "start" | "end";
  side?: "bottom" | "top";
  className?: string;
  label: string;
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(
    menu?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [],
  );
}

/**
 * A button that opens a list of actions. Arrow keys move between items, Home/End jump, Escape
 * closes and returns focus to the button, a click outside closes it.
 */
export function DropdownMenu({
  trigger,
  children,
  align = "end",
  side = "bottom",
  className,
  label,
}: DropdownMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<"first" | "last">("first");
  const menuId = useId();

  function close(options: { restoreFocus?: boolean } = {}) {
    setOpen(false);
    if (options.restoreFocus ?? true) buttonRef.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    const items = menuItems(menuRef.current);
    (focusOnOpen.current === "last" ? items[items.length - 1] : items[0])?.focus();
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = menuItems(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (next: number) => {
      event.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") setOpen(false);
  }

  const triggerProps: MenuTriggerProps = {
    ref: buttonRef,
    "aria-haspopup": "menu",
    "aria-expanded": open,
    "aria-controls": open ? menuId : undefined,
    onClick: () => {
      focusOnOpen.current = "first";
      setOpen((value) => !value);
    },
    onKeyDown: (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        focusOnOpen.current = event.key === "ArrowUp" ? "last" : "first";
        setOpen(true);
      }
    },
  };

  return (
    <MenuContext.Provider value={{ close }}>
      <div ref={rootRef} className="relative">
        {trigger(triggerProps, open)}
        {open ? (
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-label={label}
            tabIndex={-1}
            onKeyDown={onMenuKeyDown}
            className={cn(
              "absolute z-40 min-w-56 animate-pop-in rounded-lg border border-border bg-surface p-1.5 shadow-popover outline-none",
              side === "bottom" ? "top-full mt-2" : "bottom-full mb-2",
              align === "end" ? "right-0 origin-top-right" : "left-0 origin-top-left",
              className,
            )}
          >
            {children}
          </div>
        ) : null}
      </div>
    </MenuContext.Provider>
  );
}

const itemClass =
  "flex min-h-8 w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left text-ink-soft text-sm outline-none " +
  "transition-colors hover:bg-muted hover:text-ink focus-visible:bg-muted focus-visible:text-ink [&_svg]:size-4 [&_svg]:shrink-0";

export function MenuItem({
  children,
  onSelect,
  destructive,
  disabled,
  className,
}: {
  children: ReactNode;
  onSelect: () => void;
  destructive?: boolean;
  disabled?: boolean;
  className?: string;
}) {
  const menu = useContext(MenuContext);
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      onClick={() => {
        if (disabled) return;
        menu?.close({ restoreFocus: false });
        onSelect();
      }}
      className={cn(
        itemClass,
        destructive && "text-danger-700 hover:bg-danger-50 hover:text-danger-700 focus-visible:bg-danger-50",
        disabled && "cursor-not-allowed text-ink-faint hover:bg-transparent hover:text-ink-faint",
        className,
      )}
    >
      {children}
    </button>
  );
}

export function MenuLink({
  children,
  className,
  ...props
}: LinkProps & { className?: string; children: ReactNode }) {
  const menu = useContext(MenuContext);
  return (
    <Link
      role="menuitem"
      tabIndex={-1}
      {...props}
      onClick={() => menu?.close({ restoreFocus: false })}
      className={cn(itemClass, className)}
    >
      {children}
    </Link>
  );
}

export function MenuSeparator() {
  return <hr className="-mx-1.5 my-1.5 border-border" />;
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return (
    <p className="px-2 pt-1 pb-1.5 font-medium text-[11px] text-ink-faint uppercase tracking-wider">
      {children}
    </p>
  );
}
