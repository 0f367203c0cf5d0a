import { MIN_PASSWORD_LENGTH } from "@core/password-policy";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Field, Input, PasswordInput } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { authClient, verificationCallback } from "@web/lib/auth-client";
import { authCodeOf, fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useInstance } from "@web/lib/instance";
import { forgetPrivateData, meQuery, safeRedirect } from "@web/lib/session";
import { useState } from "react";
import { AuthFootnote, AuthHeader } from "./auth-layout";
import { OrDivider, SsoButtons } from "./sso-buttons";

const route = getRouteApi("/auth/sign-up");

export function SignUpPage() {
  const search = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: instance } = useInstance();
  const [name, setName] = useState("");
  const [email, setEmail] = useState(search.email ?? "");
  const [password, setPassword] = useState("");
  const [ssoError, setSsoError] = useState<string | null>(null);
  const redirectTo = safeRedirect(search.redirect);

  const signUp = useMutation({
    mutationFn: () =>
      authClient.signUp({
        name: name.trim(),
        email: email.trim(),
        password,
        callbackURL: verificationCallback(redirectTo),
      }),
    onSuccess: async (result) => {
      if (!result.token) {
        // This server wants the address confirmed before the first sign-in.
        await router.navigate({
          to: "/verify-email",
          search: { email: result.user.email, next: search.redirect },
        });
        return;
      }
      forgetPrivateData(queryClient);
      await queryClient.fetchQuery(meQuery);
      toast.success(`Welcome to ${instance?.name ?? "Cairn"}, ${result.user.name.split(" ")[0]}`, {
        description: "Your account is ready. Confirm your email with the link we sent you.",
      });
      await router.navigate({ href: redirectTo, replace: true });
    },
  });

  const code = authCodeOf(signUp.error);
  const errors = fieldErrorsOf(signUp.error);
  if (code === "WEAK_PASSWORD" || code === "PASSWORD_TOO_SHORT" || code === "PASSWORD_TOO_LONG") {
    errors.password = signUp.error?.message ?? "Choose a stronger password";
  }
  if (code === "USER_ALREADY_EXISTS" || code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
    errors.email = "An account with this email already exists.";
  }
  if (code === "INVALID_EMAIL") errors.email = "Enter a valid email address.";
  const message =
    errors.password || errors.email ? null : formErrorOf(signUp.error, ["name", "email", "password"]);

  return (
    <>
      <AuthHeader
        title="Create your account"
        description={
          search.email
            ? "You've been invited. Create an account with the invited address to join."
            : `Set up your ${instance?.name ?? "Cairn"} account in a few seconds.`
        }
      />
      {instance?.sign_in_providers.length && !search.email ? (
        <>
          {ssoError ? (
            <Alert variant="danger" className="mb-4" live>
              {ssoError}
            </Alert>
          ) : null}
          <SsoButtons providers={instance.sign_in_providers} callbackURL={redirectTo} onError={setSsoError} />
          <OrDivider />
        </>
      ) : null}
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate();
        }}
      >
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        {errors.email && code?.startsWith("USER_ALREADY_EXISTS") ? (
          <Alert variant="info">
            Already have an account?{" "}
            <Link to="/sign-in" search={{ email: email.trim(), redirect: search.redirect }}>
              Sign in instead
            </Link>
            .
          </Alert>
        ) : null}
        <Field label="Full name" error={errors.name}>
          {(control) => (
            <Input
              {...control}
              autoComplete="name"
              required
              maxLength={80}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Ada Lovelace"
              autoFocus
            />
          )}
        </Field>
        <Field
          label="Work email"
          error={errors.email}
          hint={search.email ? "The invitation was sent to this address." : undefined}
        >
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
        <Field
          label="Password"
          error={errors.password}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
        >
          {(control) => (
            <PasswordInput
              {...control}
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button
          type="submit"
          size="lg"
          className="w-full"
          disabled={signUp.isPending || !name.trim() || !email.trim() || !password}
        >
          {signUp.isPending ? <Spinner /> : null}
          Create account
        </Button>
      </form>
      <AuthFootnote>
        Already have an account?{" "}
        <Link to="/sign-in" search={{ redirect: search.redirect, email: email.trim() || undefined }}>
          Sign in
        </Link>
      </AuthFootnote>
    </>
  );
}
