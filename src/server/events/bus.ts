/**
 * A tiny typed publish/subscribe bus for live updates inside one process: a service publishes
 * after its transaction commits, and every open SSE stream subscribed to that channel and key
 * (e.g. notifications for one person in one org) receives it.
 *
 * This is the single-instance path. With several Cairn replicas a publish must reach the
 * streams held by the other processes: `redis-bus.ts` wraps this bus with Redis pub/sub
 * (used when REDIS_URL is set), and subscribers do not change. Streams also resume from the
 * database (Last-Event-ID), so a missed message is never lost, only late.
 */

export type Listener<T> = (message: T) => void;

export interface EventBus<Events extends Record<string, unknown>> {
  publish<C extends keyof Events & string>(channel: C, key: string, message: Events[C]): void;
  /** Returns the function that unsubscribes. */
  subscribe<C extends keyof Events & string>(
    channel: C,
    key: string,
    listener: Listener<Events[C]>,
  ): () => void;
  listenerCount<C extends keyof Events & string>(channel: C, key: string): number;
}

export function createEventBus<Events extends Record<string, unknown>>(
  options: { onListenerError?: (error: unknown) => void } = {},
): EventBus<Events> {
  const listeners = new Map<string, Set<Listener<never>>>();
  const topic = (channel: string, key: string) => `${channel}\u0000${key}`;
  return {
    publish(channel, key, message) {
      const set = listeners.get(topic(channel, key));
      if (!set) return;
      // A copy, so a listener that unsubscribes while being called does not skip its neighbour.
      for (const listener of [...set]) {
        try {
          (listener as Listener<typeof message>)(message);
        } catch (error) {
          // One broken stream must not stop delivery to the others.
          options.onListenerError?.(error);
        }
      }
    },
    subscribe(channel, key, listener) {
      const name = topic(channel, key);
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as Listener<never>);
      return () => {
        const current = listeners.get(name);
        current?.delete(listener as Listener<never>);
        if (current?.size === 0) listeners.delete(name);
      };
    },
    listenerCount(channel, key) {
      return listeners.get(topic(channel, key))?.size ?? 0;
    },
  };
}
