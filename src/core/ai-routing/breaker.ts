/**
 * A circuit breaker as pure transitions. Closed counts consecutive failures; at the
 * threshold it opens and refuses calls for the cooldown; then it lets exactly one probe
 * through (half-open) whose outcome closes or re-opens it.
 */
export type BreakerState =
  | { status: "closed"; consecutiveFailures: number }
  | { status: "open"; openedAt: number }
  | { status: "half_open"; probeInFlight: boolean };

export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, cooldownMs: 30_000 };

export const CLOSED_BREAKER: BreakerState = { status: "closed", consecutiveFailures: 0 };

/** Asks to make a call: whether it may go ahead, and the state after asking. */
export function admitCall(
  state: BreakerState,
  now: number,
  policy: BreakerPolicy,
): { admitted: boolean; next: BreakerState } {
  switch (state.status) {
    case "closed":
      return { admitted: true, next: state };
    case "open":
      if (now - state.openedAt >= policy.cooldownMs) {
        return { admitted: true, next: { status: "half_open", probeInFlight: true } };
      }
      return { admitted: false, next: state };
    case "half_open":
      if (state.probeInFlight) return { admitted: false, next: state };
      return { admitted: true, next: { status: "half_open", probeInFlight: true } };
  }
}

/** Any success closes the circuit and forgets earlier failures. */
export function recordSuccess(): BreakerState {
  return CLOSED_BREAKER;
}

export function recordFailure(state: BreakerState, now: number, policy: BreakerPolicy): BreakerState {
  switch (state.status) {
    case "closed": {
      const consecutiveFailures = state.consecutiveFailures + 1;
      return consecutiveFailures >= policy.failureThreshold
        ? { status: "open", openedAt: now }
        : { status: "closed", consecutiveFailures };
    }
    case "half_open":
      return { status: "open", openedAt: now };
    case "open":
      // A call admitted before the circuit opened failed late: the cooldown already runs.
      return state;
  }
}

/** A call ended in a way that says nothing about the provider's health (caller abort, 4xx). */
export function recordNeutral(state: BreakerState): BreakerState {
  if (state.status === "half_open") return { status: "half_open", probeInFlight: false };
  return state;
}

/** What an admin sees: an open circuit past its cooldown reads as half-open (the next call probes). */
export function visibleStatus(
  state: BreakerState,
  now: number,
  policy: BreakerPolicy,
): BreakerState["status"] {
  if (state.status === "open" && now - state.openedAt >= policy.cooldownMs) return "half_open";
  return state.status;
}

/** Whether a call would be admitted now, without changing anything (for routing). */
export function wouldAdmit(state: BreakerState, now: number, policy: BreakerPolicy): boolean {
  return admitCall(state, now, policy).admitted;
}
