import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Checkbox, Field, Input } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { authClient } from "@web/lib/auth-client";
import { authCodeOf, formErrorOf } from "@web/lib/form";
import { forgetPrivateData, meQuery, safeRedirect } from "@web/lib/session";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { AuthFootnote, AuthHeader, AuthIcon } from "./auth-layout";

const route = getRouteApi("/auth/two-factor");

type Method = "totp" | "backup";

export function TwoFactorPage() {
  const search = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method>("totp");
  const [code, setCode] = useState("");
  const [trustDevice, setTrustDevice] = useState(false);

  const verify = useMutation({
    mutationFn: () =>
      method === "totp"
        ? authClient.verifyTotp({ code: code.replace(/\s+/g, ""), trustDevice })
        : authClient.verifyBackupCode({ code: code.trim(), trustDevice }),
    onSuccess: async () => {
      forgetPrivateData(queryClient);
      await queryClient.fetchQuery(meQuery);
      await router.navigate({ href: safeRedirect(search.redirect), replace: true });
    },
  });

  const errorCode = authCodeOf(verify.error);
  const expired = errorCode === "INVALID_TWO_FACTOR_COOKIE" || errorCode === "TWO_FACTOR_NOT_ENABLED";
  const message =
    errorCode === "INVALID_CODE"
      ? "That code isn't right. Codes change every 30 seconds: try the one your app shows now."
      : errorCode === "INVALID_BACKUP_CODE"
        ? "That backup code isn't valid, or it was used already."
        : expired
          ? null
          : formErrorOf(verify.error);

  function switchMethod(next: Method) {
    setMethod(next);
    setCode("");
    verify.reset();
  }

  if (expired) {
    return (
      <>
        <AuthHeader
          icon={<AuthIcon icon={ShieldCheck} tone="danger" />}
          title="Sign in again"
          description="This verification step has expired or was started in another browser. Sign in with your password to get a new one."
        />
        <Link
          to="/sign-in"
          search={{ redirect: search.redirect }}
          className={buttonVariants({ size: "lg", className: "w-full" })}
        >
          Back to sign in
        </Link>
      </>
    );
  }

  return (
    <>
      <AuthHeader
        icon={<AuthIcon icon={ShieldCheck} />}
        title="Two-factor authentication"
        description={
          method === "totp"
            ? "Enter the 6-digit code from your authenticator app to finish signing in."
            : "Enter one of the backup codes you saved when you set up two-factor authentication. Each works once."
        }
      />
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          verify.mutate();
        }}
      >
        {message ? (
          <Alert variant="danger" live>
            {message}
          </Alert>
        ) : null}
        {method === "totp" ? (
          <Field label="Authentication code">
            {(control) => (
              <Input
                {...control}
                key="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                value={code}
                onChange={(event) => setCode(event.target.value.replace(/[^\d ]/g, ""))}
                placeholder="123 456"
                className="h-11 text-center font-mono text-lg tracking-[0.4em]"
                autoFocus
              />
            )}
          </Field>
        ) : (
          <Field label="Backup code">
            {(control) => (
              <Input
                {...control}
                key="backup"
                autoComplete="off"
                spellCheck={false}
                required
                value={code}
                onChange={(event) => setCode(event.target.value)}
                placeholder="xxxxx-xxxxx"
                className="h-11 text-center font-mono text-base tracking-wider"
                autoFocus
              />
            )}
          </Field>
        )}
        <Checkbox
          label="Trust this device for 30 days"
          description="Don't ask for a code again on this browser."
          checked={trustDevice}
          onChange={(event) => setTrustDevice(event.target.checked)}
        />
        <Button
          type="submit"
          size="lg"
          className="w-full"
          disabled={verify.isPending || code.replace(/\s+/g, "").length < (method === "totp" ? 6 : 4)}
        >
          {verify.isPending ? <Spinner /> : null}
          Verify and sign in
        </Button>
      </form>
      <div className="mt-6 text-center">
        <button
          type="button"
          onClick={() => switchMethod(method === "totp" ? "backup" : "totp")}
          className="rounded font-medium text-accent-700 text-sm outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600"
        >
          {method === "totp" ? "Use a backup code instead" : "Use your authenticator app instead"}
        </button>
      </div>
      <AuthFootnote>
        <Link to="/sign-in" search={{ redirect: search.redirect }}>
          Sign in as someone else
        </Link>
      </AuthFootnote>
    </>
  );
}
