import type {
  AiBreaker,
  AiBudget,
  AiInteraction,
  AiModel,
  AiPlaygroundLine,
  AiProviders,
  AiRoute,
  AiSettings,
  AiTask,
  AiUsagePoint,
  AiUsageSummary,
} from "@shared/ai";
import { queryOptions } from "@tanstack/react-query";
import { ApiError, api, request } from "@web/lib/api";

/** Every AI settings query starts with this key, so a change can refresh them all. */
export const AI_KEY = ["ai"] as const;

export const providersQuery = queryOptions({
  queryKey: [...AI_KEY, "providers"],
  queryFn: ({ signal }) => api.get<AiProviders>("/ai/providers", { signal }),
});

export const modelsQuery = queryOptions({
  queryKey: [...AI_KEY, "models"],
  queryFn: ({ signal }) => api.get<AiModel[]>("/ai/models", { signal }),
});

export const routesQuery = queryOptions({
  queryKey: [...AI_KEY, "routes"],
  queryFn: ({ signal }) => api.get<AiRoute[]>("/ai/routes", { signal }),
});

export const budgetQuery = queryOptions({
  queryKey: [...AI_KEY, "budget"],
  queryFn: ({ signal }) => api.get<AiBudget>("/ai/budget", { signal }),
});

export const settingsQuery = queryOptions({
  queryKey: [...AI_KEY, "settings"],
  queryFn: ({ signal }) => api.get<AiSettings>("/ai/settings", { signal }),
});

export const breakersQuery = queryOptions({
  queryKey: [...AI_KEY, "breakers"],
  queryFn: ({ signal }) => api.get<AiBreaker[]>("/ai/breakers", { signal }),
  refetchInterval: 15_000,
});

export interface UsageRange {
  from: string;
  to: string;
  interval: "hour" | "day";
}

export const usageSummaryQuery = (range: UsageRange) =>
  queryOptions({
    queryKey: [...AI_KEY, "usage", "summary", range.from, range.to],
    queryFn: ({ signal }) =>
      api.get<AiUsageSummary>("/ai/usage/summary", { query: { from: range.from, to: range.to }, signal }),
  });

/** What the usage time series can be split by (the server also takes "task"). */
export type SeriesGrouping = "model" | "user" | "feature";

export const usageSeriesQuery = (range: UsageRange, groupBy: SeriesGrouping | null) =>
  queryOptions({
    queryKey: [...AI_KEY, "usage", "series", range.from, range.to, range.interval, groupBy],
    queryFn: ({ signal }) =>
      api.get<AiUsagePoint[]>("/ai/usage/series", {
        query: { from: range.from, to: range.to, interval: range.interval, group_by: groupBy ?? undefined },
        signal,
      }),
  });

export interface InteractionFilters {
  status?: "success" | "error" | "aborted";
  task?: AiTask;
  feature?: string;
  user_id?: string;
}

export const interactionsQuery = (range: UsageRange, filters: InteractionFilters, page: number) =>
  queryOptions({
    queryKey: [...AI_KEY, "usage", "interactions", range.from, range.to, filters, page],
    queryFn: ({ signal }) =>
      request<AiInteraction[]>("/ai/interactions", {
        query: { from: range.from, to: range.to, page, per_page: 15, ...filters },
        signal,
      }),
  });

export interface PlaygroundInput {
  prompt: string;
  task: Exclude<AiTask, "embedding">;
  system?: string;
  context?: { title: string; text: string }[];
}

/**
 * Runs a prompt through `POST /ai/playground/stream` and calls `onLine` for each JSON line as
 * it arrives. A refusal before the answer starts (rate limit, budget) throws an ApiError.
 */
export async function streamPlayground(
  input: PlaygroundInput,
  onLine: (line: AiPlaygroundLine) => void,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch("/api/v1/ai/playground/stream", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/x-ndjson, application/json",
        "x-requested-with": "cairn-web",
      },
      body: JSON.stringify(input),
      credentials: "same-origin",
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({
      status: 0,
      code: "NETWORK_ERROR",
      message: "Cairn could not be reached. Check your connection and try again.",
    });
  }
  if (!response.ok || !response.body) {
    const payload = (await response.json().catch(() => null)) as {
      error?: string;
      message?: string;
      details?: unknown;
      correlation_id?: string;
    } | null;
    throw new ApiError({
      status: response.status,
      code: payload?.error ?? "HTTP_ERROR",
      message: payload?.message ?? `The server answered ${response.status}`,
      details: payload?.details,
      correlationId: payload?.correlation_id ?? response.headers.get("x-correlation-id"),
    });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onLine(JSON.parse(line) as AiPlaygroundLine);
      newline = buffer.indexOf("\n");
    }
    if (done) break;
  }
  if (buffer.trim()) onLine(JSON.parse(buffer) as AiPlaygroundLine);
}
