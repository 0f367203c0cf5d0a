// Runs where a Redis server is given (CI sets TEST_REDIS_URL), like the PostgreSQL project.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisEventBus, type SharedEventBus } from "./redis-bus";

type Events = { notification: { id: string; at: Date | string } };

describe.runIf(process.env.TEST_REDIS_URL)("createRedisEventBus", () => {
  let redis: Redis;
  let replicaA: SharedEventBus<Events>;
  let replicaB: SharedEventBus<Events>;

  beforeAll(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? "");
    replicaA = createRedisEventBus<Events>(redis);
    replicaB = createRedisEventBus<Events>(redis);
    await Promise.all([replicaA.ready(), replicaB.ready()]);
  });

  afterAll(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
    redis.disconnect();
  });

  const nextOn = (bus: SharedEventBus<Events>, key: string) =>
    new Promise<Events["notification"]>((resolve) => {
      const stop = bus.subscribe("notification", key, (message) => {
        stop();
        resolve(message);
      });
    });

  it("delivers a publish to the other replica's subscribers and once to its own", async () => {
    const key = crypto.randomUUID();
    const received: string[] = [];
    const stopLocal = replicaA.subscribe("notification", key, (message) => received.push(message.id));
    const remote = nextOn(replicaB, key);
    replicaA.publish("notification", key, { id: "n1", at: new Date("2026-11-22T10:00:00Z") });
    // The same JSON shape on both sides: the date arrives as a string everywhere.
    expect(await remote).toEqual({ id: "n1", at: "2026-11-22T10:00:00.000Z" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(["n1"]);
    stopLocal();
  });

  it("keeps keys apart across replicas", async () => {
    const mine = crypto.randomUUID();
    const theirs = crypto.randomUUID();
    const heard: string[] = [];
    const stop = replicaB.subscribe("notification", theirs, (message) => heard.push(message.id));
    const delivered = nextOn(replicaB, mine);
    replicaA.publish("notification", mine, { id: "for-me", at: "x" });
    expect((await delivered).id).toBe("for-me");
    expect(heard).toEqual([]);
    stop();
  });
});
