import { useMutation } from "@tanstack/react-query";
import { authClient, verificationCallback } from "@web/lib/auth-client";
import { useInstance } from "@web/lib/instance";
import { MailWarning, X } from "lucide-react";
import { useState } from "react";

const DISMISSED_KEY = "cairn.verify-banner.dismissed";

/** A thin bar under the top bar until the person confirms their address. Dismissible per tab. */
export function EmailVerificationBanner({ email }: { email: string }) {
  const { data: instance } = useInstance();
  const [dismissed, setDismissed] = useState(() => {
    try {
      return window.sessionStorage.getItem(DISMISSED_KEY) === email;
    } catch {
      return false;
    }
  });
  const resend = useMutation({
    mutationFn: () => authClient.sendVerificationEmail({ email, callbackURL: verificationCallback("/") }),
  });
  if (dismissed) return null;

  const outbox = instance?.mail_transport === "outbox";
  return (
    <section
      aria-label="Email confirmation"
      className="flex items-start gap-3 border-warning-700/15 border-b bg-warning-50 px-4 py-2.5 text-ink-soft text-sm sm:items-center sm:px-6 lg:px-8"
    >
      <MailWarning className="mt-0.5 size-4 shrink-0 text-warning-700 sm:mt-0" aria-hidden="true" />
      <p className="min-w-0 flex-1 leading-relaxed">
        <span className="font-medium text-ink">Confirm your email address.</span>{" "}
        {resend.isSuccess ? "A new link is on its way" : "We sent a link"} to {email}.
        {outbox
          ? " Mail isn't configured on this server, so the link is in its outbox (DATA_DIR/outbox) and log."
          : ""}{" "}
        {resend.isError ? <span className="text-danger-700">{resend.error.message} </span> : null}
        <button
          type="button"
          onClick={() => resend.mutate()}
          disabled={resend.isPending}
          className="rounded font-medium text-accent-700 underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600 disabled:opacity-60"
        >
          {resend.isPending ? "Sending…" : "Resend link"}
        </button>
      </p>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => {
          setDismissed(true);
          try {
            window.sessionStorage.setItem(DISMISSED_KEY, email);
          } catch {
            // Private mode: it comes back on the next page load.
          }
        }}
        className="flex size-6 shrink-0 items-center justify-center rounded text-ink-faint outline-none hover:bg-warning-700/10 hover:text-ink-soft focus-visible:ring-2 focus-visible:ring-accent-600"
      >
        <X className="size-3.5" aria-hidden="true" />
      </button>
    </section>
  );
}
