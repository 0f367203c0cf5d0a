import { betterAuth, type GenericEndpointContext } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { twoFactor } from "better-auth/plugins/two-factor";
import { uuidv7 } from "uuidv7";
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../core/password-policy";
import type { Config } from "../config";
import type { Database } from "../db";
import { accounts, rateLimits, sessions, twoFactors, users, verifications } from "../db/schema";
import type { RequestScope } from "../http/context";
import type { Logger } from "../logger";
import type { Mailer } from "../mail/mailer";
import { passwordResetMail, verificationMail } from "../mail/templates";

export const AUTH_BASE_PATH = "/api/auth";
/** The header better-auth reads the client address from; mountAuth sets it, never the client. */
export const CLIENT_IP_HEADER = "x-cairn-client-ip";
/** The request's correlation id as mountAuth hands it to better-auth, for its hooks' audit rows. */
export const CORRELATION_ID_HEADER = "x-correlation-id";
export const OIDC_PROVIDER_ID = "oidc";

/** Paths whose request body carries a new password that must pass the policy. */
const PASSWORD_FIELDS: Record<string, "password" | "newPassword"> = {
  "/sign-up/email": "password",
  "/reset-password": "newPassword",
  "/change-password": "newPassword",
};

/** Where an auth event came from: the correlation id, address and agent of its request. */
export type AuthEventOrigin = Pick<RequestScope, "correlationId" | "ip" | "userAgent">;

export interface AuthEvents {
  userCreated(user: { id: string; email: string; name: string }, origin: AuthEventOrigin): Promise<void>;
  signedIn(session: { userId: string }, origin: AuthEventOrigin): Promise<void>;
}

/** Reads the origin from the request mountAuth handed better-auth; null outside a request. */
function originOf(context: GenericEndpointContext | null): AuthEventOrigin {
  const headers = context?.headers ?? context?.request?.headers;
  return {
    correlationId: headers?.get(CORRELATION_ID_HEADER) ?? null,
    ip: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get("user-agent") ?? null,
  };
}

/** A local install is reached as localhost and as 127.0.0.1 alike; both are the same origin to a person. */
function trustedOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (url.hostname !== "localhost" && url.hostname !== "127.0.0.1") return [url.origin];
  return ["localhost", "127.0.0.1"].map(
    (host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`,
  );
}

const COOKIE_PREFIX = "cairn";

/** better-auth's session cookie name: browsers only accept the __Secure- prefix over HTTPS. */
export function sessionCookieName(publicUrl: string): string {
  return `${publicUrl.startsWith("https://") ? "__Secure-" : ""}${COOKIE_PREFIX}.session_token`;
}

export type AuthConfig = Pick<Config, "publicUrl" | "authSecret" | "auth" | "nodeEnv">;

/** better-auth configured for Cairn: email + password, TOTP, SSO, sessions in httpOnly cookies. */
export function createAuth(deps: {
  config: AuthConfig;
  db: Database;
  mailer: Mailer;
  events: AuthEvents;
  logger: Logger;
}) {
  const { config, mailer, events, logger } = deps;
  const { microsoft, google, github, oidc } = config.auth;
  const secure = config.publicUrl.startsWith("https://");

  return betterAuth({
    appName: "Cairn",
    baseURL: config.publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: config.authSecret,
    trustedOrigins: trustedOrigins(config.publicUrl),
    telemetry: { enabled: false },
    logger: {
      level: "warn",
      log: (level, message, ...args) => logger[level]({ source: "better-auth", args }, message),
    },
    database: drizzleAdapter(deps.db, {
      provider: "pg",
      schema: { users, sessions, accounts, verifications, twoFactors, rateLimits },
    }),
    user: { modelName: "users" },
    session: {
      modelName: "sessions",
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      additionalFields: { activeOrgId: { type: "string", required: false, input: false } },
    },
    account: {
      modelName: "accounts",
      // Only providers whose email claim is always verified may link to an existing account;
      // others (Entra ID's mutable email, self-service OIDC) link only when they say email_verified.
      accountLinking: { enabled: true, trustedProviders: ["google", "github"] },
    },
    verification: { modelName: "verifications" },
    advanced: {
      // better-auth turns its Origin/CSRF checks off when NODE_ENV=test or TEST is set; keep them
      // on everywhere so tests exercise what production runs.
      disableOriginCheck: false,
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
      database: { generateId: () => uuidv7() },
      // The address the HTTP layer resolved (http/middleware.ts, TRUST_PROXY), set by mountAuth:
      // one reading of X-Forwarded-For for rate limits, sessions and audit rows alike.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rateLimits",
      window: 60,
      max: 120,
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 5 },
        "/request-password-reset": { window: 300, max: 5 },
        "/two-factor/*": { window: 60, max: 10 },
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      requireEmailVerification: config.auth.requireEmailVerification,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await mailer.send(passwordResetMail(user.email, user.name, url));
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      // A verification link must not become a way around the second factor: sign in afterwards.
      autoSignInAfterVerification: false,
      sendVerificationEmail: async ({ user, url }) => {
        await mailer.send(verificationMail(user.email, user.name, url));
      },
    },
    socialProviders: {
      ...(microsoft
        ? {
            microsoft: {
              clientId: microsoft.clientId,
              clientSecret: microsoft.clientSecret,
              tenantId: microsoft.tenantId,
            },
          }
        : {}),
      ...(google ? { google } : {}),
      ...(github ? { github } : {}),
    },
    plugins: [
      twoFactor({
        issuer: "Cairn",
        twoFactorTable: "twoFactors",
        // Wrong second factors count per account across challenges and browsers, like wrong
        // passwords per email (core/sign-in-lockout.ts): five, then a quarter of an hour.
        accountLockout: { enabled: true, maxFailedAttempts: 5, durationSeconds: 15 * 60 },
      }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: oidc.name,
                  discoveryUrl: oidc.discoveryUrl,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: oidc.scopes,
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
    ],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const field = PASSWORD_FIELDS[ctx.path];
        if (!field) return;
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const password = body[field];
        if (typeof password !== "string") return;
        const verdict = checkPassword(password, {
          email: typeof body.email === "string" ? body.email : null,
        });
        if (!verdict.ok) {
          throw new APIError("BAD_REQUEST", {
            message: verdict.message ?? "Choose a stronger password",
            code: "WEAK_PASSWORD",
          });
        }
      }),
    },
    databaseHooks: {
      user: { create: { after: (user, context) => events.userCreated(user, originOf(context)) } },
      session: { create: { after: (session, context) => events.signedIn(session, originOf(context)) } },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
