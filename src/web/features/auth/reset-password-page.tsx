import { MIN_PASSWORD_LENGTH } from "@core/password-policy";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Field, PasswordInput } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { authClient } from "@web/lib/auth-client";
import { authCodeOf, formErrorOf } from "@web/lib/form";
import { CircleCheck, LinkIcon } from "lucide-react";
import { useState } from "react";
import { AuthFootnote, AuthHeader, AuthIcon } from "./auth-layout";

const route = getRouteApi("/auth/reset-password");

function InvalidLink() {
  return (
    <>
      <AuthHeader
        icon={<AuthIcon icon={LinkIcon} tone="danger" />}
        title="This link doesn't work any more"
        description="Password reset links work once and expire after an hour. Ask for a new one and use the latest mail."
      />
      <Link to="/forgot-password" className={buttonVariants({ size: "lg", className: "w-full" })}>
        Send a new link
      </Link>
      <AuthFootnote>
        <Link to="/sign-in">Back to sign in</Link>
      </AuthFootnote>
    </>
  );
}

export function ResetPasswordPage() {
  const search = route.useSearch();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({
    mutationFn: () => authClient.resetPassword({ newPassword: password, token: search.token ?? "" }),
  });

  if (search.error || !search.token || authCodeOf(reset.error) === "INVALID_TOKEN") return <InvalidLink />;

  if (reset.isSuccess) {
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={CircleCheck} tone="success" />}
          title="Your password is changed"
          description="For your safety we signed you out everywhere. Sign in with your new password."
        />
        <Link to="/sign-in" className={buttonVariants({ size: "lg", className: "w-full" })}>
          Sign in
        </Link>
      </>
    );
  }

  const code = authCodeOf(reset.error);
  const passwordError =
    code === "WEAK_PASSWORD" || code === "PASSWORD_TOO_SHORT" || code === "PASSWORD_TOO_LONG"
      ? (reset.error?.message ?? null)
      : null;
  const message = passwordError ? null : formErrorOf(reset.error, ["newPassword"]);

  return (
    <>
      <AuthHeader
        title="Choose a new password"
        description="Pick something you don't use anywhere else. You'll be signed out of every device."
      />
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          if (password !== confirmation) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          reset.mutate();
        }}
      >
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        <Field
          label="New password"
          error={passwordError}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
        >
          {(control) => (
            <PasswordInput
              {...control}
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoFocus
            />
          )}
        </Field>
        <Field label="Confirm new password" error={mismatch ? "The two passwords are not the same." : null}>
          {(control) => (
            <PasswordInput
              {...control}
              autoComplete="new-password"
              required
              value={confirmation}
              onChange={(event) => setConfirmation(event.target.value)}
            />
          )}
        </Field>
        <Button
          type="submit"
          size="lg"
          className="w-full"
          disabled={reset.isPending || !password || !confirmation}
        >
          {reset.isPending ? <Spinner /> : null}
          Change password
        </Button>
      </form>
      <AuthFootnote>
        <Link to="/sign-in">Back to sign in</Link>
      </AuthFootnote>
    </>
  );
}
