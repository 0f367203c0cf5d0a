import { Redis } from "ioredis";
import type { Logger } from "./logger";

/**
 * The connection replicas share state through (rate limits, live events). Commands fail fast
 * while Redis is unreachable instead of queueing without bound; ioredis keeps reconnecting.
 */
export function openRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectionName: "cairn",
  });
  let reported = false;
  redis.on("error", (error) => {
    if (reported) return;
    reported = true;
    logger.error({ err: error }, "Redis is unreachable; retrying");
  });
  redis.on("ready", () => {
    if (reported) logger.info("Redis is reachable again");
    reported = false;
  });
  return redis;
}
