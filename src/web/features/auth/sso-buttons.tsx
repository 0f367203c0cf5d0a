import type { SignInProvider } from "@shared/api";
import { Button } from "@web/components/ui/button";
import { Spinner } from "@web/components/ui/spinner";
import { isApiError } from "@web/lib/api";
import { authClient } from "@web/lib/auth-client";
import { KeyRound } from "lucide-react";
import { useState } from "react";

/** "Continue with Microsoft" and friends, for the identity providers this server has. */
export function SsoButtons({
  providers,
  callbackURL,
  onError,
}: {
  providers: SignInProvider[];
  callbackURL: string;
  onError: (message: string) => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  if (providers.length === 0) return null;

  async function start(provider: SignInProvider) {
    setPending(provider.id);
    try {
      const result = await authClient.signInSocial({ provider: provider.id, callbackURL });
      if (result.url) {
        window.location.assign(result.url);
        return;
      }
      onError(`${provider.name} did not answer with a sign-in page.`);
    } catch (error) {
      onError(isApiError(error) ? error.message : `Could not reach ${provider.name}.`);
    }
    setPending(null);
  }

  return (
    <div className="space-y-2">
      {providers.map((provider) => (
        <Button
          key={provider.id}
          variant="outline"
          size="lg"
          className="w-full"
          disabled={pending !== null}
          onClick={() => void start(provider)}
        >
          {pending === provider.id ? <Spinner /> : <KeyRound aria-hidden="true" />}
          Continue with {provider.name}
        </Button>
      ))}
    </div>
  );
}

export function OrDivider() {
  return (
    <div className="my-6 flex items-center gap-3 text-ink-faint text-xs uppercase tracking-wider">
      <span className="h-px flex-1 bg-border" />
      or
      <span className="h-px flex-1 bg-border" />
    </div>
  );
}
