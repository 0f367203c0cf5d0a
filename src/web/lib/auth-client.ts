import type { Profile } from "@shared/api";
import { send } from "./api";

/**
 * better-auth's endpoints under /api/auth. They answer plain JSON rather than the `{ data }`
 * envelope; errors come in the envelope with better-auth's own code in `details.code`.
 */
async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return (await send(`/api/auth${path}`, { method: "POST", body })) as T;
}

interface AuthUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  twoFactorEnabled?: boolean;
}

export type SignInResult = { twoFactorRedirect: true; twoFactorMethods?: string[] } | { user: AuthUser };

export const authClient = {
  signUp: (input: { name: string; email: string; password: string; callbackURL?: string }) =>
    post<{ token: string | null; user: AuthUser }>("/sign-up/email", input),
  signIn: (input: { email: string; password: string; rememberMe: boolean }) =>
    post<SignInResult>("/sign-in/email", input),
  signInSocial: (input: { provider: string; callbackURL: string }) =>
    post<{ url?: string; redirect?: boolean }>("/sign-in/social", input),
  signOut: () => post<{ success: boolean }>("/sign-out", {}),
  verifyTotp: (input: { code: string; trustDevice?: boolean }) =>
    post<{ token?: string }>("/two-factor/verify-totp", input),
  verifyBackupCode: (input: { code: string; trustDevice?: boolean }) =>
    post<{ token?: string }>("/two-factor/verify-backup-code", input),
  requestPasswordReset: (email: string) =>
    post<{ status: boolean; message?: string }>("/request-password-reset", {
      email,
      redirectTo: "/reset-password",
    }),
  resetPassword: (input: { newPassword: string; token: string }) =>
    post<{ status: boolean }>("/reset-password", input),
  sendVerificationEmail: (input: { email: string; callbackURL: string }) =>
    post<{ status: boolean }>("/send-verification-email", input),
  changePassword: (input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean }) =>
    post<{ token: string | null }>("/change-password", input),
  enableTwoFactor: (password: string) =>
    post<{ totpURI: string; backupCodes: string[] }>("/two-factor/enable", { password }),
  disableTwoFactor: (password: string) => post<{ status: boolean }>("/two-factor/disable", { password }),
  generateBackupCodes: (password: string) =>
    post<{ status: boolean; backupCodes: string[] }>("/two-factor/generate-backup-codes", { password }),
};

export type { Profile };

/**
 * Where a verification mail's link lands once the server checked it: the verify-email page, which
 * then continues to `next`. A failed check lands there too, with `error` added.
 */
export function verificationCallback(next: string): string {
  const params = new URLSearchParams({ verified: "1" });
  if (next && next !== "/") params.set("next", next);
  return `/verify-email?${params}`;
}
