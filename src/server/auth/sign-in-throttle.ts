import { eq } from "drizzle-orm";
import {
  afterFailure,
  afterSuccess,
  EMPTY_THROTTLE,
  lockRemainingMs,
  type ThrottleState,
} from "../../core/sign-in-lockout";
import type { Database } from "../db";
import { signInThrottles } from "../db/schema";

/** Lockout state per attempted email, kept in the database so every replica agrees. */
export function createSignInThrottle(deps: { db: Database; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function read(email: string): Promise<ThrottleState> {
    const [row] = await db.select().from(signInThrottles).where(eq(signInThrottles.email, email)).limit(1);
    return row
      ? { failures: row.failures, lockedUntil: row.lockedUntil, lastFailureAt: row.lastFailureAt }
      : EMPTY_THROTTLE;
  }

  async function write(email: string, state: ThrottleState) {
    await db
      .insert(signInThrottles)
      .values({ email, ...state })
      .onConflictDoUpdate({ target: signInThrottles.email, set: state });
  }

  return {
    async remainingLockMs(email: string): Promise<number> {
      return lockRemainingMs(await read(email), now());
    },
    async recordFailure(email: string): Promise<void> {
      await write(email, afterFailure(await read(email), now()));
    },
    async recordSuccess(email: string): Promise<void> {
      await write(email, afterSuccess());
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
