import { describe, expect, it } from "vitest";
import { createEventBus } from "./bus";

type Events = { notification: { id: string }; message: string };

describe("event bus", () => {
  it("delivers to subscribers of the same channel and key only", () => {
    const bus = createEventBus<Events>();
    const seen: string[] = [];
    bus.subscribe("notification", "org-1:pat", (message) => seen.push(`pat ${message.id}`));
    bus.subscribe("notification", "org-1:sam", (message) => seen.push(`sam ${message.id}`));
    bus.subscribe("message", "org-1:pat", (message) => seen.push(`message ${message}`));
    bus.publish("notification", "org-1:pat", { id: "n1" });
    bus.publish("message", "org-1:pat", "hello");
    bus.publish("notification", "org-2:pat", { id: "n2" });
    expect(seen).toEqual(["pat n1", "message hello"]);
  });

  it("unsubscribes, and forgets empty topics", () => {
    const bus = createEventBus<Events>();
    const seen: string[] = [];
    const stop = bus.subscribe("notification", "k", (message) => seen.push(message.id));
    expect(bus.listenerCount("notification", "k")).toBe(1);
    stop();
    stop();
    bus.publish("notification", "k", { id: "n1" });
    expect(seen).toEqual([]);
    expect(bus.listenerCount("notification", "k")).toBe(0);
  });

  it("keeps delivering when a listener throws or unsubscribes mid-delivery", () => {
    const errors: unknown[] = [];
    const bus = createEventBus<Events>({ onListenerError: (error) => errors.push(error) });
    const seen: string[] = [];
    const stopFirst = bus.subscribe("notification", "k", () => {
      stopFirst();
      throw new Error("stream closed");
    });
    bus.subscribe("notification", "k", (message) => seen.push(message.id));
    bus.publish("notification", "k", { id: "n1" });
    bus.publish("notification", "k", { id: "n2" });
    expect(seen).toEqual(["n1", "n2"]);
    expect(errors).toHaveLength(1);
  });
});
