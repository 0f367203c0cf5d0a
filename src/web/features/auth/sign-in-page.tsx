import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Checkbox, Field, Input, PasswordInput } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { authClient } from "@web/lib/auth-client";
import { authCodeOf, fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useInstance } from "@web/lib/instance";
import { forgetPrivateData, meQuery, safeRedirect } from "@web/lib/session";
import { useState } from "react";
import { AuthFootnote, AuthHeader } from "./auth-layout";
import { OrDivider, SsoButtons } from "./sso-buttons";

const route = getRouteApi("/auth/sign-in");

export function SignInPage() {
  const search = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: instance } = useInstance();
  const [email, setEmail] = useState(search.email ?? "");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(true);
  const [ssoError, setSsoError] = useState<string | null>(null);
  const redirectTo = safeRedirect(search.redirect);

  const signIn = useMutation({
    mutationFn: () => authClient.signIn({ email: email.trim(), password, rememberMe: remember }),
    onSuccess: async (result) => {
      if ("twoFactorRedirect" in result && result.twoFactorRedirect) {
        await router.navigate({ to: "/two-factor", search: { redirect: search.redirect } });
        return;
      }
      forgetPrivateData(queryClient);
      await queryClient.fetchQuery(meQuery);
      await router.navigate({ href: redirectTo, replace: true });
    },
    onError: async (error) => {
      if (authCodeOf(error) === "EMAIL_NOT_VERIFIED") {
        await router.navigate({
          to: "/verify-email",
          search: { email: email.trim(), next: search.redirect },
        });
      }
    },
  });

  const code = authCodeOf(signIn.error);
  const errors = fieldErrorsOf(signIn.error);
  const message =
    code === "INVALID_EMAIL_OR_PASSWORD"
      ? "That email and password don't match an account. Check them and try again."
      : code === "EMAIL_NOT_VERIFIED"
        ? null
        : formErrorOf(signIn.error, ["email", "password"]);

  return (
    <>
      <AuthHeader
        title={`Sign in to ${instance?.name ?? "Cairn"}`}
        description="Welcome back. Use the email and password of your account."
      />
      {instance?.sign_in_providers.length ? (
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
          signIn.mutate();
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
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              placeholder="you@company.com"
              autoFocus={!search.email}
            />
          )}
        </Field>
        <Field
          label="Password"
          error={errors.password}
          aside={
            <Link
              to="/forgot-password"
              search={{ email: email.trim() || undefined }}
              className="font-medium text-accent-700 text-xs hover:underline"
            >
              Forgot password?
            </Link>
          }
        >
          {(control) => (
            <PasswordInput
              {...control}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoFocus={Boolean(search.email)}
            />
          )}
        </Field>
        <Checkbox
          label="Keep me signed in on this device"
          checked={remember}
          onChange={(event) => setRemember(event.target.checked)}
        />
        <Button type="submit" size="lg" className="w-full" disabled={signIn.isPending || !email || !password}>
          {signIn.isPending ? <Spinner /> : null}
          Sign in
        </Button>
      </form>
      <AuthFootnote>
        New to {instance?.name ?? "Cairn"}?{" "}
        <Link to="/sign-up" search={{ redirect: search.redirect, email: email.trim() || undefined }}>
          Create an account
        </Link>
      </AuthFootnote>
    </>
  );
}
