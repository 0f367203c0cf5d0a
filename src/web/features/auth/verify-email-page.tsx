import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Field, Input } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { authClient, verificationCallback } from "@web/lib/auth-client";
import { formErrorOf } from "@web/lib/form";
import { safeRedirect, useMe } from "@web/lib/session";
import { CircleCheck, LinkIcon, MailCheck } from "lucide-react";
import { useState } from "react";
import { AuthFootnote, AuthHeader, AuthIcon } from "./auth-layout";
import { OutboxNotice } from "./outbox-notice";

const route = getRouteApi("/auth/verify-email");

function ResendForm({ initialEmail, next, locked }: { initialEmail: string; next: string; locked: boolean }) {
  const [email, setEmail] = useState(initialEmail);
  const resend = useMutation({
    mutationFn: () =>
      authClient.sendVerificationEmail({ email: email.trim(), callbackURL: verificationCallback(next) }),
  });
  const message = formErrorOf(resend.error);
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        resend.mutate();
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      {resend.isSuccess ? (
        <Alert variant="success" live>
          A new link is on its way to <span className="font-medium">{email.trim()}</span>.
        </Alert>
      ) : null}
      {locked ? null : (
        <Field label="Email">
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              placeholder="you@company.com"
            />
          )}
        </Field>
      )}
      <Button
        type="submit"
        variant="outline"
        size="lg"
        className="w-full"
        disabled={resend.isPending || !email.trim()}
      >
        {resend.isPending ? <Spinner /> : null}
        {resend.isSuccess ? "Send another link" : "Resend confirmation link"}
      </Button>
    </form>
  );
}

export function VerifyEmailPage() {
  const search = route.useSearch();
  const { data: me, isPending } = useMe();
  const next = safeRedirect(search.next);

  if (isPending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <Skeleton className="size-12 rounded-xl" />
        <Skeleton className="h-7 w-56" />
        <Skeleton className="h-4 w-full" />
      </div>
    );
  }

  if (search.error) {
    const expired = search.error === "TOKEN_EXPIRED";
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={LinkIcon} tone="danger" />}
          title={expired ? "This link has expired" : "This link doesn't work"}
          description={
            expired
              ? "Confirmation links work for an hour. Send yourself a fresh one."
              : "It may have been used already, or copied incompletely. Send yourself a fresh one."
          }
        />
        <ResendForm initialEmail={me?.user.email ?? search.email ?? ""} next={next} locked={Boolean(me)} />
        <OutboxNotice what="new link" className="mt-4" />
        <AuthFootnote>
          {me ? <Link to="/">Continue to Cairn</Link> : <Link to="/sign-in">Back to sign in</Link>}
        </AuthFootnote>
      </>
    );
  }

  if (search.verified && !me) {
    // The link worked, but opened in a browser without a session (or the address was confirmed before).
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={CircleCheck} tone="success" />}
          title="Your email is confirmed"
          description="Sign in to continue."
        />
        <Link
          to="/sign-in"
          search={{ redirect: search.next }}
          className={buttonVariants({ size: "lg", className: "w-full" })}
        >
          Sign in
        </Link>
      </>
    );
  }

  if (me?.user.email_verified) {
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={CircleCheck} tone="success" />}
          title="Your email is confirmed"
          description={
            <>
              Thanks, <span className="font-medium text-ink">{me.user.email}</span> is now verified.
            </>
          }
        />
        <Link to={next} className={buttonVariants({ size: "lg", className: "w-full" })}>
          Continue
        </Link>
      </>
    );
  }

  const email = me?.user.email ?? search.email ?? "";
  return (
    <>
      <AuthHeader
        icon={<AuthIcon icon={MailCheck} />}
        title="Confirm your email"
        description={
          email ? (
            <>
              We sent a confirmation link to <span className="font-medium text-ink">{email}</span>. Open it to
              {me ? " verify your address." : " finish setting up your account."}
            </>
          ) : (
            "We sent you a confirmation link. Open it to finish setting up your account."
          )
        }
      />
      <OutboxNotice what="confirmation link" className="mb-6" />
      <ResendForm initialEmail={email} next={next} locked={Boolean(me) || Boolean(search.email)} />
      <AuthFootnote>
        {me ? (
          <Link to={next}>Continue to Cairn for now</Link>
        ) : (
          <>
            Confirmed already?{" "}
            <Link to="/sign-in" search={{ email: email || undefined }}>
              Sign in
            </Link>
          </>
        )}
      </AuthFootnote>
    </>
  );
}
