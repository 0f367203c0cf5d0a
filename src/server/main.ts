import { serve } from "@hono/node-server";
import { aiMaintenanceJobs, assertEncryptionKeyPresent } from "./ai";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { type DatabaseCapabilities, DirectoryLockedError, migrateDatabase, openDatabase } from "./db";
import { startScheduler } from "./jobs/scheduler";
import { createLogger } from "./logger";
import { goalsJobs } from "./modules/goals";
import { notificationsJobs } from "./modules/notifications";
import { projectsJobs } from "./modules/projects";
import { openRedis } from "./redis";

async function main(): Promise<void> {
  const startedAt = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    throw error;
  }
  let capabilities: DatabaseCapabilities;
  try {
    capabilities = await migrateDatabase(database);
    await assertEncryptionKeyPresent(database.db, config.ai);
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(error.message);
      await database.close();
      process.exit(1);
    }
    throw error;
  }
  if (!capabilities.vector) {
    logger.warn("The vector extension is not available: search runs on full text only.");
  }

  const redis = config.redisUrl ? openRedis(config.redisUrl, logger) : undefined;
  const { app, services } = createApp({
    config,
    database,
    capabilities,
    logger,
    redis,
    processMetrics: true,
    webDir: config.webDir,
  });
  if (config.seedDemo) await services.orgs.ensureDemoOrg();
  const scheduler = startScheduler(
    [
      ...aiMaintenanceJobs({ db: database.db, config: config.ai, transcripts: services.ai.transcripts }),
      ...goalsJobs(services.goals),
      ...notificationsJobs(services.notifications),
      ...projectsJobs(database),
    ],
    { logger },
  );

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info(
      {
        url: config.publicUrl,
        address: `${info.address}:${info.port}`,
        database: database.kind,
        data_dir: config.dataDir,
        startup_ms: Math.round(performance.now() - startedAt),
      },
      `Cairn is ready on ${config.publicUrl}`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.close(() => {
      // Interaction rows and transcripts are written just behind each answer: wait for them.
      Promise.all([scheduler.stop(), services.ai.gateway.flush()])
        .then(() => Promise.all([database.close(), redis?.quit()]))
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, "error while closing the database");
            process.exit(1);
          },
        );
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
