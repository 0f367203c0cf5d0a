import {
  admitCall,
  type BreakerPolicy,
  type BreakerState,
  CLOSED_BREAKER,
  DEFAULT_BREAKER_POLICY,
  recordFailure,
  recordNeutral,
  recordSuccess,
  visibleStatus,
  wouldAdmit,
} from "../../core/ai-routing/breaker";

export interface BreakerSnapshot {
  key: string;
  status: BreakerState["status"];
  /** When an open circuit lets its next probe through. */
  retryAt: Date | null;
}

/**
 * Circuit breakers per provider connection and model, held in this process. Each replica
 * judges a provider by the calls it makes itself: the state is cheap to rebuild (a few
 * failures), and sharing it through the database would add a write to every call.
 */
export class BreakerRegistry {
  private readonly states = new Map<string, BreakerState>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly policy: BreakerPolicy = DEFAULT_BREAKER_POLICY,
  ) {}

  private get(key: string): BreakerState {
    return this.states.get(key) ?? CLOSED_BREAKER;
  }

  isOpen(key: string): boolean {
    return !wouldAdmit(this.get(key), this.now(), this.policy);
  }

  /** Claims a call (the probe, if half-open); false if the circuit refuses it. */
  tryAcquire(key: string): boolean {
    const { admitted, next } = admitCall(this.get(key), this.now(), this.policy);
    this.states.set(key, next);
    return admitted;
  }

  success(key: string): void {
    if (this.states.has(key)) this.states.set(key, recordSuccess());
  }

  failure(key: string): void {
    this.states.set(key, recordFailure(this.get(key), this.now(), this.policy));
  }

  /** The call ended for reasons unrelated to the provider's health. */
  neutral(key: string): void {
    if (this.states.has(key)) this.states.set(key, recordNeutral(this.get(key)));
  }

  /** Every circuit that has seen a call, for the admin view. */
  snapshot(): BreakerSnapshot[] {
    const now = this.now();
    return [...this.states.entries()]
      .map(([key, state]) => ({
        key,
        status: visibleStatus(state, now, this.policy),
        retryAt:
          state.status === "open" && now - state.openedAt < this.policy.cooldownMs
            ? new Date(state.openedAt + this.policy.cooldownMs)
            : null,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }
}
