import type { AcceptedInvitation, InvitationLookup } from "@shared/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { initials } from "@web/components/ui/avatar";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { api, isApiError } from "@web/lib/api";
import { authClient } from "@web/lib/auth-client";
import { formErrorOf } from "@web/lib/form";
import { formatDateTime, formatRelative, ROLE_DESCRIPTIONS } from "@web/lib/format";
import { meQuery, useMe } from "@web/lib/session";
import { CircleCheck, Clock, LinkIcon, MailX } from "lucide-react";
import { type ReactNode, useState } from "react";
import { AuthFootnote, AuthHeader, AuthIcon } from "./auth-layout";

const route = getRouteApi("/auth/invite");

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-4 py-2.5">
      <dt className="text-ink-muted text-sm">{label}</dt>
      <dd className="min-w-0 text-right font-medium text-ink text-sm">{children}</dd>
    </div>
  );
}

function InvitationCard({ invitation }: { invitation: InvitationLookup }) {
  return (
    <div className="rounded-xl border border-border bg-surface shadow-card">
      <div className="flex items-center gap-3.5 border-border border-b px-5 py-4">
        <span
          className="flex size-11 shrink-0 items-center justify-center rounded-lg bg-ink font-semibold text-sm text-surface"
          aria-hidden="true"
        >
          {initials(invitation.org_name)}
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold text-ink">{invitation.org_name}</p>
          <p className="text-ink-muted text-sm">
            {invitation.invited_by_name ? `Invited by ${invitation.invited_by_name}` : "You've been invited"}
          </p>
        </div>
      </div>
      <dl className="divide-y divide-border px-5">
        <Detail label="Invited address">
          <span className="break-all">{invitation.email}</span>
        </Detail>
        <Detail label="Role">
          <RoleBadge role={invitation.role} />
        </Detail>
        {invitation.status === "pending" || invitation.status === "expired" ? (
          <Detail label={invitation.status === "expired" ? "Expired" : "Expires"}>
            <span title={formatDateTime(invitation.expires_at)}>{formatRelative(invitation.expires_at)}</span>
          </Detail>
        ) : null}
      </dl>
      <p className="border-border border-t bg-subtle px-5 py-3 text-ink-muted text-xs leading-relaxed">
        {ROLE_DESCRIPTIONS[invitation.role]}.
      </p>
    </div>
  );
}

const CLOSED: Record<
  Exclude<InvitationLookup["status"], "pending">,
  { title: string; description: string }
> = {
  accepted: {
    title: "This invitation was already accepted",
    description: "If it was you, sign in to reach the organization.",
  },
  revoked: {
    title: "This invitation was withdrawn",
    description: "Ask the person who invited you to send a new one.",
  },
  expired: {
    title: "This invitation has expired",
    description: "Invitations are valid for a limited time. Ask the person who invited you to resend it.",
  },
};

export function InvitePage() {
  const { token } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: me, isPending: mePending } = useMe();
  const [switching, setSwitching] = useState(false);
  const here = `/invite?token=${encodeURIComponent(token ?? "")}`;

  const lookup = useQuery({
    queryKey: ["invitation-lookup", token],
    queryFn: ({ signal }) => api.get<InvitationLookup>("/invitations/lookup", { query: { token }, signal }),
    enabled: Boolean(token),
  });

  const accept = useMutation({
    mutationFn: async () => {
      const accepted = await api.post<AcceptedInvitation>("/invitations/accept", { token });
      await api.post("/me/active-org", { org_id: accepted.org_id });
      return accepted;
    },
    onSuccess: async (accepted) => {
      await queryClient.invalidateQueries();
      await queryClient.fetchQuery(meQuery);
      toast.success(`Welcome to ${accepted.org_name}`, {
        description: "You're now a member. Have a look around.",
      });
      await router.navigate({ to: "/goals", replace: true });
    },
  });

  async function switchAccount(email: string) {
    setSwitching(true);
    try {
      await authClient.signOut();
    } finally {
      window.location.assign(
        `/sign-in?email=${encodeURIComponent(email)}&redirect=${encodeURIComponent(here)}`,
      );
    }
  }

  if (!token || (lookup.isError && isApiError(lookup.error) && lookup.error.status < 500)) {
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={LinkIcon} tone="danger" />}
          title="This invitation link isn't valid"
          description="It may have been copied incompletely, or replaced by a newer invitation. Open the latest invitation mail, or ask for a new one."
        />
        <AuthFootnote>
          {me ? <Link to="/">Go to Cairn</Link> : <Link to="/sign-in">Sign in</Link>}
        </AuthFootnote>
      </>
    );
  }

  if (lookup.isPending || mePending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-48 w-full rounded-xl" />
      </div>
    );
  }

  if (lookup.isError) {
    return (
      <>
        <AuthHeader title="We couldn't load this invitation" description={formErrorOf(lookup.error)} />
        <Button variant="outline" onClick={() => void lookup.refetch()}>
          Try again
        </Button>
      </>
    );
  }

  const invitation = lookup.data;
  if (invitation.status !== "pending") {
    const closed = CLOSED[invitation.status];
    return (
      <>
        <AuthHeader
          icon={
            <AuthIcon
              icon={
                invitation.status === "accepted"
                  ? CircleCheck
                  : invitation.status === "expired"
                    ? Clock
                    : MailX
              }
              tone={invitation.status === "accepted" ? "success" : "danger"}
            />
          }
          title={closed.title}
          description={closed.description}
        />
        <InvitationCard invitation={invitation} />
        <AuthFootnote>
          {me ? <Link to="/">Go to Cairn</Link> : <Link to="/sign-in">Sign in</Link>}
        </AuthFootnote>
      </>
    );
  }

  const emailMatches = me ? me.user.email.toLowerCase() === invitation.email.toLowerCase() : false;
  const acceptError = formErrorOf(accept.error);

  return (
    <>
      <AuthHeader
        title={`Join ${invitation.org_name}`}
        description={
          <>
            {invitation.invited_by_name ?? "Someone"} invited{" "}
            <span className="font-medium text-ink">{invitation.email}</span> to work with them in Cairn.
          </>
        }
      />
      <InvitationCard invitation={invitation} />
      <div className="mt-6 space-y-3">
        {acceptError ? (
          <Alert variant="danger" live>
            {acceptError}
          </Alert>
        ) : null}
        {me && emailMatches ? (
          <Button size="lg" className="w-full" disabled={accept.isPending} onClick={() => accept.mutate()}>
            {accept.isPending ? <Spinner /> : null}
            Accept and join {invitation.org_name}
          </Button>
        ) : null}
        {me && !emailMatches ? (
          <>
            <Alert variant="warning" title="This invitation is for another address">
              You're signed in as <span className="font-medium">{me.user.email}</span>, but the invitation was
              sent to <span className="font-medium">{invitation.email}</span>. Sign in with that address to
              accept it.
            </Alert>
            <Button
              size="lg"
              className="w-full"
              disabled={switching}
              onClick={() => void switchAccount(invitation.email)}
            >
              {switching ? <Spinner /> : null}
              Sign out and switch account
            </Button>
          </>
        ) : null}
        {me ? null : (
          <>
            <Link
              to="/sign-up"
              search={{ email: invitation.email, redirect: here }}
              className={buttonVariants({ size: "lg", className: "w-full" })}
            >
              Create an account to accept
            </Link>
            <Link
              to="/sign-in"
              search={{ email: invitation.email, redirect: here }}
              className={buttonVariants({ variant: "outline", size: "lg", className: "w-full" })}
            >
              I already have an account
            </Link>
          </>
        )}
      </div>
    </>
  );
}
