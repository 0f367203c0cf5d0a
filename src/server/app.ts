import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Redis } from "ioredis";
import { aiRoutes, createAi, createBudgetAlertNotifier, RedisRateLimiter } from "./ai";
import { createAuth } from "./auth/auth";
import { mountAuth } from "./auth/auth.routes";
import { authenticate } from "./auth/authenticate";
import { createSignInThrottle } from "./auth/sign-in-throttle";
import type { Config } from "./config";
import type { DatabaseCapabilities, DatabaseHandle } from "./db";
import { createRedisEventBus } from "./events/redis-bus";
import { AppError, createRouter } from "./http";
import { mountApiDocs } from "./http/api-docs";
import type { AppEnv } from "./http/context";
import { apiNotFound, errorResponse, handleError } from "./http/error-handler";
import { createHttpMetrics } from "./http/metrics";
import { requestObservability } from "./http/middleware";
import { mountWebApp } from "./http/web";
import { safeEqual } from "./lib/tokens";
import type { Logger } from "./logger";
import { createMailer, type Mailer } from "./mail/mailer";
import { apiKeysRoutes, createApiKeysService } from "./modules/api-keys";
import { auditRoutes, createAuditService, recordAudit } from "./modules/audit";
import { commentsRoutes, createCommentsService } from "./modules/comments";
import {
  calendarFeedRoutes,
  coachRoutes,
  createGoalsCoach,
  createGoalsModule,
  goalsRoutes,
} from "./modules/goals";
import { createGroupsService, groupsRoutes } from "./modules/groups";
import { createInvitationsService, invitationsRoutes } from "./modules/invitations";
import { createMeService, meRoutes } from "./modules/me";
import { createMembersService, type MemberDepartureHook, membersRoutes } from "./modules/members";
import {
  createNotificationsService,
  type NotificationEvents,
  notificationsRoutes,
} from "./modules/notifications";
import { createOrgsService, orgsRoutes } from "./modules/orgs";
import { createProjectsModule, projectsRoutes } from "./modules/projects";
import { createSystemService, instanceRoutes, probeRoutes } from "./modules/system";
import { appVersion, webDistDir } from "./paths";
import { createFileStorage, isUploadRequest, storageRoutes } from "./storage";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  capabilities: DatabaseCapabilities;
  logger: Logger;
  /** Collect process-wide metrics (CPU, memory, event loop); off in tests where many apps share a process. */
  processMetrics?: boolean;
  webDir?: string;
  /** Defaults to SMTP when configured, else the DATA_DIR outbox. */
  mailer?: Mailer;
  /** Shared state between replicas (REDIS_URL); without it each process keeps its own. */
  redis?: Redis;
  /** Test seams for the AI layer: extra providers (a local fake), a transcript store, a clock. */
  ai?: Pick<Parameters<typeof createAi>[0], "extraProviders" | "transcripts" | "clock" | "retryPolicy">;
}

type HttpDeps = Pick<AppDeps, "logger" | "processMetrics"> & {
  config: Pick<Config, "maxBodyBytes" | "trustProxy"> & Partial<Pick<Config, "metricsToken">>;
};

/**
 * The HTTP foundation every route stands on: correlation ids and logs, metrics, security
 * headers, body limits and the error envelope. Routes are added by the caller.
 */
export function createHttpApp(deps: HttpDeps) {
  const { config, logger } = deps;
  const metrics = createHttpMetrics({ processMetrics: deps.processMetrics ?? false });
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", requestObservability(logger, metrics, { trustProxy: config.trustProxy }));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );
  const apiBodyLimit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: (c) =>
      errorResponse(
        c,
        new AppError("PAYLOAD_TOO_LARGE", {
          message: `The request body is larger than ${config.maxBodyBytes} bytes`,
          details: { max_bytes: config.maxBodyBytes },
        }),
      ),
  });
  // Upload routes apply MAX_UPLOAD_BYTES themselves (storage/upload-limit.ts).
  app.use("/api/*", (c, next) =>
    isUploadRequest(c.req.method, c.req.path) ? next() : apiBodyLimit(c, next),
  );
  app.notFound(apiNotFound);
  app.onError(handleError);
  app.get("/metrics", async (c) => {
    // Without METRICS_TOKEN the endpoint is open, as Prometheus scrapes usually are on a private network.
    const token = config.metricsToken;
    if (token && !safeEqual(c.req.header("authorization") ?? "", `Bearer ${token}`)) {
      throw new AppError("UNAUTHENTICATED", {
        message: "Send the METRICS_TOKEN as Authorization: Bearer <token>",
        headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
      });
    }
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });
  return app;
}

export type App = ReturnType<typeof createHttpApp>;

/** Builds services and the HTTP app around them. Does not listen: main.ts serves it, tests call app.request(). */
export function createApp(deps: AppDeps) {
  const { database, config, logger } = deps;
  const db = database.db;
  const mailer =
    deps.mailer ??
    createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, dataDir: config.dataDir, logger });

  const departureHooks: MemberDepartureHook[] = [];
  const members = createMembersService({ db, onDeparture: departureHooks });
  const orgs = createOrgsService({ db, members });
  const groups = createGroupsService({ db, members });
  const apiKeys = createApiKeysService({ db, members });
  departureHooks.push(groups.removeUserFromAll, apiKeys.revokeAllOf);
  const me = createMeService({ db, members });
  const invitations = createInvitationsService({ db, mailer, members, orgs, publicUrl: config.publicUrl });
  const audit = createAuditService({ db });
  const notifications = createNotificationsService({
    db,
    mailer,
    logger,
    publicUrl: config.publicUrl,
    // With several replicas a notification must reach the stream held by whichever one the tab is on.
    bus: deps.redis && createRedisEventBus<NotificationEvents>(deps.redis),
  });
  const ai = createAi({
    db,
    config: config.ai,
    logger,
    members,
    onBudgetAlert: createBudgetAlertNotifier({ notifications, logger }),
    rateLimiter: deps.redis && new RedisRateLimiter(deps.redis),
    ...deps.ai,
  });
  const storage = createFileStorage({
    config: config.storage,
    dataDir: config.dataDir,
    authSecret: config.authSecret,
    publicUrl: config.publicUrl,
  });
  const projects = createProjectsModule({
    db,
    members,
    audit,
    storage,
    ai: ai.gateway,
    now: () => new Date(),
  });
  departureHooks.push(projects.projects.removeUserFromAll);
  const goals = createGoalsModule({
    db,
    members,
    groups,
    notifications,
    publicUrl: config.publicUrl,
    now: () => new Date(),
  });
  const comments = createCommentsService({ db, notifications, targets: goals.targets });
  const coach = createGoalsCoach(goals, ai.gateway);
  const system = createSystemService({
    database,
    capabilities: deps.capabilities,
    orgs,
    mailer,
    auth: config.auth,
    aiProviders: config.ai.providers,
    redis: deps.redis,
    logger,
    startedAt: Date.now(),
  });
  const auth = createAuth({
    config,
    db,
    mailer,
    logger,
    events: {
      userCreated: async (user, origin) => {
        await me.recordSignUp(user, origin);
        await orgs.claimDemoOrg(user.id);
      },
      signedIn: me.recordSignIn,
    },
  });
  const services = {
    auth,
    orgs,
    members,
    groups,
    apiKeys,
    me,
    invitations,
    audit,
    system,
    mailer,
    projects,
    ai,
    notifications,
    goals,
    comments,
  };

  const app = createHttpApp(deps);
  mountAuth(app, {
    auth,
    throttle: createSignInThrottle({ db }),
    audit: (scope, action) => recordAudit(db, scope, { action, entityType: "user", entityId: scope.userId }),
  });
  app.use(
    "/api/v1/*",
    authenticate({ db, authSecret: config.authSecret, apiKeys, members, me, publicUrl: config.publicUrl }),
  );

  const v1 = createRouter()
    .route("/", instanceRoutes(system))
    .route("/", meRoutes(me))
    .route("/", orgsRoutes({ orgs, members, me }))
    .route("/", membersRoutes(members))
    .route("/", invitationsRoutes({ invitations, me }))
    .route("/", groupsRoutes(groups))
    .route("/", apiKeysRoutes(apiKeys))
    .route("/", auditRoutes(audit))
    .route("/", projectsRoutes(projects))
    .route("/", storageRoutes(storage))
    .route("/", aiRoutes(ai))
    .route("/", notificationsRoutes(notifications))
    .route("/", goalsRoutes(goals))
    .route("/", coachRoutes(coach))
    .route("/", commentsRoutes(comments));
  app.route("/api", probeRoutes(system));
  app.route("/api", calendarFeedRoutes(goals.timeBlocks));
  app.route("/api/v1", v1);
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Cairn API",
      version: appVersion,
      description:
        "Goals, projects, knowledge and conversations. Success responses are `{ data, meta }`; " +
        "errors are `{ error, message, details, correlation_id }`. Authenticate with the session " +
        "cookie (browser) or `Authorization: Bearer <API key>`.",
    },
    servers: [{ url: config.publicUrl }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer" });
  mountApiDocs(app, "/api/v1/openapi.json");
  // Anything else under /api is an unknown endpoint, never the SPA.
  app.all("/api/*", apiNotFound);
  mountWebApp(app, deps.webDir ?? webDistDir);

  return { app, services };
}
