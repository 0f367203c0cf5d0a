import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createEventBus, type EventBus } from "./bus";

const REDIS_CHANNEL = "cairn:events";

interface Envelope {
  origin: string;
  channel: string;
  key: string;
  message: unknown;
}

export type SharedEventBus<Events extends Record<string, unknown>> = EventBus<Events> & {
  /** Resolves once this replica hears the others (for orderly startup and tests). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The multi-replica event bus: a publish reaches this process's subscribers at once and every
 * other replica's through Redis pub/sub. Messages travel as JSON, so local subscribers get the
 * same JSON round-trip (dates as strings) as remote ones and cannot come to depend on objects
 * only one replica would see.
 */
export function createRedisEventBus<Events extends Record<string, unknown>>(
  redis: Redis,
  options: { onListenerError?: (error: unknown) => void; onPublishError?: (error: unknown) => void } = {},
): SharedEventBus<Events> {
  const local = createEventBus<Events>(options);
  const origin = randomUUID();
  // A connection in subscriber mode can do nothing else, so it gets its own.
  const subscriber = redis.duplicate();
  // The main connection reports outages; this one would otherwise raise unhandled errors.
  subscriber.on("error", () => {});
  const subscribed = subscriber.subscribe(REDIS_CHANNEL);
  // ready() rethrows a failed subscribe; until someone asks, it must not be an unhandled rejection.
  subscribed.catch(() => undefined);
  subscriber.on("message", (_channel: string, raw: string) => {
    const envelope = JSON.parse(raw) as Envelope;
    if (envelope.origin === origin) return;
    local.publish(envelope.channel as keyof Events & string, envelope.key, envelope.message as never);
  });

  return {
    publish(channel, key, message) {
      const payload = JSON.stringify({ origin, channel, key, message } satisfies Envelope);
      local.publish(channel, key, (JSON.parse(payload) as Envelope).message as never);
      redis.publish(REDIS_CHANNEL, payload).catch((error: unknown) => options.onPublishError?.(error));
    },
    subscribe: local.subscribe,
    listenerCount: local.listenerCount,
    ready: () => subscribed.then(() => undefined),
    async close() {
      await subscribed.catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
