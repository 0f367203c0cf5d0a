import { APICallError } from "@ai-sdk/provider";
import { type FailureKind, failureKindForStatus, parseRetryAfter } from "../../core/ai-routing/retry";

export interface FailureDescription {
  kind: FailureKind;
  statusCode: number | undefined;
  retryAfterMs: number | undefined;
  message: string;
}

const NETWORK_MESSAGE =
  /terminated|socket|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|fetch failed|other side closed|network/i;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error).slice(0, 500);
  } catch {
    return String(error);
  }
}

/**
 * What went wrong with one provider call, in the terms retrying and circuit breaking use.
 * Timeouts and caller aborts are known from our own signals, not guessed from error shapes.
 */
export function describeFailure(
  error: unknown,
  context: { timedOut: boolean; callerAborted: boolean; now: number },
): FailureDescription {
  const message = messageOf(error);
  if (context.callerAborted)
    return { kind: "aborted", statusCode: undefined, retryAfterMs: undefined, message };
  if (context.timedOut) {
    return {
      kind: "timeout",
      statusCode: undefined,
      retryAfterMs: undefined,
      message: "The model did not answer in time",
    };
  }
  if (APICallError.isInstance(error)) {
    if (error.statusCode === undefined) {
      return { kind: "network", statusCode: undefined, retryAfterMs: undefined, message };
    }
    return {
      kind: failureKindForStatus(error.statusCode),
      statusCode: error.statusCode,
      retryAfterMs: parseRetryAfter(error.responseHeaders, context.now),
      message,
    };
  }
  const cause = error instanceof Error ? messageOf(error.cause) : "";
  const kind = NETWORK_MESSAGE.test(message) || NETWORK_MESSAGE.test(cause) ? "network" : "server_error";
  return { kind, statusCode: undefined, retryAfterMs: undefined, message };
}

/** Waits, unless the caller gives up first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
