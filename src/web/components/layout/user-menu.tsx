import { cn } from "@web/lib/cn";
import { BookText, LogOut, Settings2, User, UserRound } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

function MenuRow({ icon, children, hint }: { icon: ReactNode; children: ReactNode; hint?: string }) {
  return (
    <div
      aria-disabled="true"
      title={hint}
      className="flex h-8 cursor-not-allowed items-center gap-2.5 rounded-md px-2 text-ink-faint text-sm [&_svg]:size-4"
    >
      {icon}
      <span className="flex-1">{children}</span>
      {hint ? <span className="text-[11px] text-ink-faint">Soon</span> : null}
    </div>
  );
}

/** The avatar in the top bar. Accounts are not wired yet, so it says who you are not, honestly. */
export function UserMenu() {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

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

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label="Account"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        className={cn(
          "flex size-9 items-center justify-center rounded-full border border-border-strong bg-muted text-ink-muted",
          "outline-none transition-colors hover:bg-border focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-offset-2",
          open && "ring-2 ring-accent-600/30",
        )}
      >
        <UserRound className="size-[18px]" aria-hidden="true" />
      </button>
      {open ? (
        <div
          id={menuId}
          className="absolute top-full right-0 z-40 mt-2 w-64 origin-top-right animate-pop-in rounded-lg border border-border bg-surface p-1.5 shadow-popover"
        >
          <div className="flex items-center gap-3 px-2 pt-1.5 pb-2.5">
            <span className="flex size-9 items-center justify-center rounded-full bg-muted text-ink-muted">
              <User className="size-[18px]" aria-hidden="true" />
            </span>
            <div className="min-w-0">
              <p className="font-medium text-ink text-sm">Not signed in</p>
              <p className="text-ink-muted text-xs">Accounts arrive with sign-in</p>
            </div>
          </div>
          <div className="my-1 h-px bg-border" />
          <MenuRow icon={<UserRound aria-hidden="true" />} hint="Coming with accounts">
            Profile
          </MenuRow>
          <MenuRow icon={<Settings2 aria-hidden="true" />} hint="Coming with accounts">
            Preferences
          </MenuRow>
          <a
            href="/api/docs"
            target="_blank"
            rel="noreferrer"
            className="flex h-8 items-center gap-2.5 rounded-md px-2 text-ink-soft text-sm outline-none hover:bg-muted hover:text-ink focus-visible:bg-muted [&_svg]:size-4"
          >
            <BookText aria-hidden="true" />
            API reference
          </a>
          <div className="my-1 h-px bg-border" />
          <MenuRow icon={<LogOut aria-hidden="true" />} hint="Coming with accounts">
            Sign out
          </MenuRow>
        </div>
      ) : null}
    </div>
  );
}
