import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
// @ts-expect-error -- oidc-provider ships no type declarations; the members used here are typed below.
import Provider from "oidc-provider";

/** A person the identity provider knows; `email` and `password` are what they type on its login page. */
export interface OidcTestAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  password: string;
}

interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
  params: Record<string, string>;
  session?: { accountId: string };
  grantId?: string;
}

interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

interface KoaContext {
  path: string;
  method: string;
  href: string;
  req: IncomingMessage;
  res: ServerResponse;
  status: number;
  type: string;
  body: unknown;
  redirect(url: string): void;
}

interface OidcProvider {
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionResult(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options?: object,
  ): Promise<string>;
  Grant: {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  };
}

const OidcProviderClass = Provider as new (issuer: string, configuration: object) => OidcProvider;

/** A local OpenID provider with one confidential client (PKCE required) for Cairn's generic OIDC sign-in. */
export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Environment for createTestApp that points Cairn's "oidc" provider here. */
  env: Record<string, string>;
  /** Every authorization request the provider received, in order. */
  authorizationRequests: URL[];
  addAccount(account: OidcTestAccount): void;
  /** A browser with its own cookie jar for the provider's origin. */
  browser(): OidcBrowser;
  close(): Promise<void>;
}

export interface OidcBrowser {
  /**
   * Opens `authorizationUrl` and goes through the provider's pages like a person would: fills
   * in the login form with `credentials`, confirms consent, and follows redirects until the
   * provider sends the browser back to the client. Returns that redirect (code, state, iss).
   */
  authorize(authorizationUrl: string, credentials?: { email: string; password: string }): Promise<URL>;
  /** Cookies the provider has set in this browser (its session), by name. */
  readonly cookies: Map<string, string>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, action: string, fields: string): string {
  return `<!doctype html><html><body><h1>${escapeHtml(title)}</h1><form method="post" action="${escapeHtml(action)}">${fields}<button type="submit">Continue</button></form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Starts an oidc-provider on 127.0.0.1 and a random port, with its development interactions
 * replaced by a minimal login + consent page so tests drive it over real HTTP.
 */
export async function startOidcProvider(options: { redirectUri: string }): Promise<OidcTestProvider> {
  const accounts = new Map<string, OidcTestAccount>();
  const authorizationRequests: URL[] = [];
  const clientId = "cairn-test-client";
  const clientSecret = randomBytes(24).toString("base64url");

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new OidcProviderClass(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "test-signing-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = [...accounts.values()].find((candidate) => candidate.sub === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.email_verified,
          name: account.name,
        }),
      };
    },
  });
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error", error));

  provider.use(async (ctx, next) => {
    if (ctx.path === "/auth") authorizationRequests.push(new URL(ctx.href));
    const match = /^\/interaction\/([^/]+)(?:\/(login|confirm))?$/.exec(ctx.path);
    if (!match) return next();
    const [, uid, step] = match;
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const action = `/interaction/${uid}`;
    ctx.type = "html";

    if (ctx.method === "GET") {
      ctx.body =
        details.prompt.name === "login"
          ? page("Sign in", `${action}/login`, '<input name="email"><input name="password" type="password">')
          : page(`Allow ${details.params.client_id}?`, `${action}/confirm`, "");
      return;
    }

    let result: object;
    if (step === "login" && details.prompt.name === "login") {
      const form = await readForm(ctx.req);
      const account = accounts.get(form.get("email") ?? "");
      if (!account || account.password !== form.get("password")) {
        ctx.status = 401;
        ctx.body = page(
          "Wrong email or password",
          `${action}/login`,
          '<input name="email"><input name="password">',
        );
        return;
      }
      result = { login: { accountId: account.sub } };
    } else if (step === "confirm" && details.prompt.name === "consent" && details.session) {
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id! });
      const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(" "));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      result = { consent: { grantId: await grant.save() } };
    } else {
      ctx.status = 400;
      ctx.body = page("Unexpected step", action, "");
      return;
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: true,
    });
    ctx.status = 303;
    ctx.redirect(returnTo);
  });
  handle = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    env: {
      OIDC_DISCOVERY_URL: `${issuer}/.well-known/openid-configuration`,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
    },
    authorizationRequests,
    addAccount: (account) => accounts.set(account.email, account),
    browser: () => createBrowser(issuer),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function createBrowser(issuer: string): OidcBrowser {
  const origin = new URL(issuer).origin;
  const cookies = new Map<string, string>();

  function store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const expired = attributes.some(
        (attribute) =>
          /^max-age=0$/i.test(attribute) ||
          (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
      );
      if (expired || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  async function send(url: URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (cookies.size > 0)
      headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    store(response);
    return response;
  }

  return {
    cookies,
    async authorize(authorizationUrl, credentials) {
      let url = new URL(authorizationUrl);
      let response = await send(url);
      for (let step = 0; step < 20; step++) {
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          const next = new URL(location, url);
          if (next.origin !== origin) return next;
          url = next;
          response = await send(url);
          continue;
        }
        const html = await response.text();
        if (response.status !== 200)
          throw new Error(`identity provider answered ${response.status}: ${html}`);
        const form = /<form method="post" action="([^"]+)">/.exec(html);
        if (!form) throw new Error(`identity provider page without a form: ${html}`);
        const body = new URLSearchParams();
        if (html.includes('name="email"')) {
          if (!credentials) throw new Error("the identity provider asks to sign in; pass credentials");
          body.set("email", credentials.email);
          body.set("password", credentials.password);
        }
        url = new URL(form[1]!.replace(/&#38;/g, "&"), url);
        response = await send(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
      }
      throw new Error("too many steps at the identity provider");
    },
  };
}
