import { Avatar } from "@web/components/ui/avatar";
import { DropdownMenu, MenuItem, MenuLink, MenuSeparator } from "@web/components/ui/menu";
import { toast } from "@web/components/ui/toast";
import { authClient } from "@web/lib/auth-client";
import { cn } from "@web/lib/cn";
import { useSession } from "@web/lib/session";
import { BookText, LogOut, ShieldCheck, UserRound } from "lucide-react";
import { useState } from "react";

/** The avatar in the top bar: who is signed in, their profile, and signing out. */
export function UserMenu() {
  const { user } = useSession();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    try {
      await authClient.signOut();
      // A full page load drops every cached answer that belonged to this person.
      window.location.assign("/sign-in");
    } catch {
      setSigningOut(false);
      toast.error("Could not sign out", { description: "Check your connection and try again." });
    }
  }

  return (
    <DropdownMenu
      label="Account"
      className="w-64"
      trigger={(props, open) => (
        <button
          type="button"
          {...props}
          aria-label={`Account: ${user.name}`}
          className={cn(
            "flex size-9 items-center justify-center rounded-full outline-none transition-shadow",
            "focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-offset-2",
            open && "ring-2 ring-accent-600/30",
          )}
        >
          <Avatar name={user.name} seed={user.id} className="size-9 text-[13px]" />
        </button>
      )}
    >
      <div className="flex items-center gap-3 px-2 pt-1.5 pb-2.5">
        <Avatar name={user.name} seed={user.id} size="md" className="size-9" />
        <div className="min-w-0">
          <p className="truncate font-medium text-ink text-sm">{user.name}</p>
          <p className="truncate text-ink-muted text-xs">{user.email}</p>
        </div>
      </div>
      <MenuSeparator />
      <MenuLink to="/settings/profile">
        <UserRound aria-hidden="true" />
        Profile
      </MenuLink>
      <MenuLink to="/settings/profile" hash="security">
        <ShieldCheck aria-hidden="true" />
        Password & two-factor
      </MenuLink>
      <a
        href="/api/docs"
        target="_blank"
        rel="noreferrer"
        role="menuitem"
        tabIndex={-1}
        className="flex min-h-8 items-center gap-2.5 rounded-md px-2 py-1.5 text-ink-soft text-sm outline-none hover:bg-muted hover:text-ink focus-visible:bg-muted focus-visible:text-ink [&_svg]:size-4"
      >
        <BookText aria-hidden="true" />
        API reference
      </a>
      <MenuSeparator />
      <MenuItem onSelect={signOut} disabled={signingOut}>
        <LogOut aria-hidden="true" />
        {signingOut ? "Signing out…" : "Sign out"}
      </MenuItem>
    </DropdownMenu>
  );
}
