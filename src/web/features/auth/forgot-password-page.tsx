import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Field, Input } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { authClient } from "@web/lib/auth-client";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { ArrowLeft, MailCheck } from "lucide-react";
import { useState } from "react";
import { AuthFootnote, AuthHeader, AuthIcon } from "./auth-layout";
import { OutboxNotice } from "./outbox-notice";

const route = getRouteApi("/auth/forgot-password");

export function ForgotPasswordPage() {
  const search = route.useSearch();
  const [email, setEmail] = useState(search.email ?? "");
  const request = useMutation({ mutationFn: (address: string) => authClient.requestPasswordReset(address) });
  const errors = fieldErrorsOf(request.error);
  const message = formErrorOf(request.error, ["email"]);

  if (request.isSuccess) {
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={MailCheck} />}
          title="Check your inbox"
          description={
            <>
              If an account exists for <span className="font-medium text-ink">{request.variables}</span>, we
              sent it a link to choose a new password. The link works for one hour.
            </>
          }
        />
        <OutboxNotice what="reset link" />
        <div className="mt-6 flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => request.mutate(request.variables)}>
            Send another link
          </Button>
        </div>
        <AuthFootnote>
          <Link to="/sign-in">Back to sign in</Link>
        </AuthFootnote>
      </>
    );
  }

  return (
    <>
      <AuthHeader
        title="Reset your password"
        description="Enter the email of your account and we'll send you a link to choose a new password."
      />
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate(email.trim());
        }}
      >
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        <Field label="Email" error={errors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              placeholder="you@company.com"
              autoFocus
            />
          )}
        </Field>
        <Button type="submit" size="lg" className="w-full" disabled={request.isPending || !email.trim()}>
          {request.isPending ? <Spinner /> : null}
          Send reset link
        </Button>
      </form>
      <AuthFootnote>
        <Link to="/sign-in" className="inline-flex items-center gap-1.5">
          <ArrowLeft className="size-3.5" aria-hidden="true" />
          Back to sign in
        </Link>
      </AuthFootnote>
    </>
  );
}
