import type { Indicator, ItemStatus, ItemType, ProjectStatus } from "@core/raid";
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, request } from "@web/lib/api";
import { postNdjson } from "@web/lib/ndjson";
import { type Item, projectKeys } from "../projects-api";

// Shapes of the insight endpoints (src/server/modules/projects/{items,budget,exports}.routes.ts) --

export interface Timeline {
  as_of: string;
  items: Item[];
  /** `from_item_id` depends on `to_item_id`: the arrow runs from the second to the first. */
  dependencies: { id: string; from_item_id: string; to_item_id: string }[];
  truncated: boolean;
}

export interface BurnPoint {
  week_start: string;
  planned: number | null;
  actual: number | null;
  forecast: number | null;
}

export interface BudgetReport {
  currency: string;
  as_of: string;
  budget_total: number | null;
  burn_to_date: number;
  remaining: number | null;
  percent_spent: number | null;
  weekly_burn_rate: number;
  remaining_weeks: number | null;
  forecast_at_completion: number | null;
  /** Budget − forecast; negative is an overrun. */
  variance_at_completion: number | null;
  planned_to_date: number | null;
  /** Planned − burned; negative is ahead of plan. */
  variance_to_date: number | null;
  burn_series: BurnPoint[];
  unrated_hours: { user_id: string; name: string | null; week_start: string; hours: number }[];
}

export interface RateCard {
  id: string;
  user: { id: string; name: string | null } | null;
  role_name: string | null;
  hourly_rate: number;
  effective_from: string | null;
  updated_at: string;
}

export interface RateCardInput {
  user_id?: string;
  role_name?: string;
  hourly_rate: number;
  effective_from?: string | null;
}

export interface TimesheetEntry {
  id: string;
  user: { id: string; name: string | null };
  week_start: string;
  hours: number;
  item: { id: string; code: string; title: string } | null;
  note: string;
  updated_at: string;
}

export interface TimesheetLineInput {
  item_id: string | null;
  hours: number;
  note?: string;
}

export interface StatusReport {
  project: {
    name: string;
    client_name: string | null;
    status: ProjectStatus;
    start_date: string | null;
    end_date: string | null;
    currency: string;
  };
  as_of: string;
  generated_at: string;
  total: number;
  by_indicator: Record<Indicator, number>;
  by_type: Record<ItemType, number>;
  budget: {
    budget_total: number | null;
    burn_to_date: number;
    percent_spent: number | null;
    weekly_burn_rate: number;
    forecast_at_completion: number | null;
    variance_at_completion: number | null;
  } | null;
  top_risks: Item[];
  needs_attention: Item[];
  upcoming: Item[];
  recent_decisions: Item[];
  recently_completed: Item[];
}

export type ChatRole = "user" | "assistant";

export interface ChatCitation {
  id: string;
  ref: string;
  title: string;
  type: ItemType;
}

export interface ChatAnswerSource {
  model: string | null;
  provider: string | null;
  offline: boolean;
  fallback_used: boolean;
}

/** One line of `POST /projects/{id}/chat` (application/x-ndjson). */
export type ChatStreamLine =
  | { type: "content"; text: string }
  | { type: "citations"; items: ChatCitation[] }
  | ({ type: "done" } & ChatAnswerSource)
  | { type: "error"; message: string };

/** A saved conversation, as listed. */
export interface ChatSession {
  id: string;
  title: string;
  message_count: number;
  created_at: string;
  updated_at: string;
}

export interface ChatSessionMessage {
  id: string;
  role: ChatRole;
  content: string;
  citations: ChatCitation[];
  answered_by: ChatAnswerSource | null;
  error: string | null;
  created_at: string;
}

export interface ChatSessionDetail extends Omit<ChatSession, "message_count"> {
  messages: ChatSessionMessage[];
}

// Keys: under projectKeys.project(id), so the core helper's invalidateProject refreshes them too.

export const insightKeys = {
  chatSessions: (projectId: string) => [...projectKeys.project(projectId), "chat-sessions"] as const,
  chatSession: (projectId: string, sessionId: string) =>
    [...insightKeys.chatSessions(projectId), sessionId] as const,
  timeline: (projectId: string) => [...projectKeys.project(projectId), "timeline"] as const,
  budget: (projectId: string) => [...projectKeys.project(projectId), "budget"] as const,
  report: (projectId: string) => [...insightKeys.budget(projectId), "report"] as const,
  rateCards: (projectId: string) => [...insightKeys.budget(projectId), "rate-cards"] as const,
  week: (projectId: string, userId: string, weekStart: string) =>
    [...insightKeys.budget(projectId), "timesheet", userId, weekStart] as const,
  statusReport: (projectId: string) => [...projectKeys.project(projectId), "status-report"] as const,
  itemSlice: (projectId: string, slice: string) =>
    [...projectKeys.items(projectId), "insights", slice] as const,
};

const projectPath = (projectId: string) => `/projects/${projectId}`;

export function useTimeline(projectId: string) {
  return useQuery({
    queryKey: insightKeys.timeline(projectId),
    queryFn: ({ signal }) => api.get<Timeline>(`${projectPath(projectId)}/timeline`, { signal }),
  });
}

/** A few items matching a filter, e.g. the late ones, soonest finish first. */
export function useItemSlice(
  projectId: string,
  slice: string,
  query: {
    indicator?: Indicator[];
    type?: ItemType[];
    status?: ItemStatus[];
    sort?: string;
    order?: "asc" | "desc";
    per_page?: number;
  },
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: insightKeys.itemSlice(projectId, slice),
    queryFn: ({ signal }) =>
      request<Item[]>(`${projectPath(projectId)}/items`, {
        query: {
          indicator: query.indicator?.join(","),
          type: query.type?.join(","),
          status: query.status?.join(","),
          sort: query.sort,
          order: query.order,
          per_page: query.per_page ?? 8,
        },
        signal,
      }),
    enabled: options.enabled ?? true,
  });
}

export function useBudgetReport(projectId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: insightKeys.report(projectId),
    queryFn: ({ signal }) => api.get<BudgetReport>(`${projectPath(projectId)}/budget`, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useRateCards(projectId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: insightKeys.rateCards(projectId),
    queryFn: ({ signal }) => api.get<RateCard[]>(`${projectPath(projectId)}/budget/rate-cards`, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Rate cards change every figure of the budget, so each write refreshes all of it. */
export function useRateCardMutations(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: insightKeys.budget(projectId) });
  const cards = `${projectPath(projectId)}/budget/rate-cards`;
  return {
    create: useMutation({
      mutationFn: (input: RateCardInput) => api.post<RateCard>(cards, input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: { id: string; hourly_rate?: number; effective_from?: string | null }) =>
        api.patch<RateCard>(`${cards}/${id}`, input),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (card: RateCard) => api.delete(`${cards}/${card.id}`),
      onSuccess: refresh,
    }),
  };
}

/** One person's lines for one week. */
export function useTimesheetWeek(projectId: string, userId: string | undefined, weekStart: string) {
  return useQuery({
    queryKey: insightKeys.week(projectId, userId ?? "", weekStart),
    queryFn: ({ signal }) =>
      api.get<TimesheetEntry[]>(`${projectPath(projectId)}/budget/timesheets`, {
        query: { user_id: userId, from: weekStart, to: weekStart, per_page: 100 },
        signal,
      }),
    enabled: Boolean(userId),
    placeholderData: keepPreviousData,
  });
}

export function useSaveTimesheet(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      userId,
      weekStart,
      entries,
    }: {
      userId: string;
      weekStart: string;
      entries: TimesheetLineInput[];
    }) =>
      api.put<TimesheetEntry[]>(`${projectPath(projectId)}/budget/timesheets/${userId}/${weekStart}`, {
        entries,
      }),
    onSuccess: (entries, { userId, weekStart }) => {
      queryClient.setQueryData(insightKeys.week(projectId, userId, weekStart), entries);
      return queryClient.invalidateQueries({ queryKey: insightKeys.report(projectId) });
    },
  });
}

export function useStatusReport(projectId: string) {
  return useQuery({
    queryKey: insightKeys.statusReport(projectId),
    queryFn: ({ signal }) => api.get<StatusReport>(`${projectPath(projectId)}/status-report`, { signal }),
  });
}

export const statusReportPdfUrl = (projectId: string) =>
  `/api/v1${projectPath(projectId)}/export/status-report`;

/**
 * Asks a question, continuing the saved conversation `session_id` (else starting one, whose id
 * `onSession` receives as soon as the answer starts).
 */
export function streamProjectChat(
  projectId: string,
  body: { question: string; session_id?: string },
  onLine: (line: ChatStreamLine) => void,
  onSession: (sessionId: string) => void,
  signal?: AbortSignal,
) {
  return postNdjson<ChatStreamLine>(`${projectPath(projectId)}/chat`, body, onLine, signal, (headers) => {
    const sessionId = headers.get("x-session-id");
    if (sessionId) onSession(sessionId);
  });
}

const CHAT_SESSIONS_PER_PAGE = 30;

/** Your saved conversations about the project, most recently continued first, page by page. */
export function useChatSessions(projectId: string) {
  return useInfiniteQuery({
    queryKey: insightKeys.chatSessions(projectId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      request<ChatSession[]>(`${projectPath(projectId)}/chat/sessions`, {
        query: { page: pageParam, per_page: CHAT_SESSIONS_PER_PAGE },
        signal,
      }),
    getNextPageParam: (last, pages) =>
      pages.length * CHAT_SESSIONS_PER_PAGE < (last.meta?.total ?? 0) ? pages.length + 1 : undefined,
  });
}

export const chatSessionQuery = (projectId: string, sessionId: string) =>
  queryOptions({
    queryKey: insightKeys.chatSession(projectId, sessionId),
    queryFn: ({ signal }) =>
      api.get<ChatSessionDetail>(`${projectPath(projectId)}/chat/sessions/${sessionId}`, { signal }),
    staleTime: 0,
  });

export async function deleteChatSession(queryClient: QueryClient, projectId: string, sessionId: string) {
  await api.delete(`${projectPath(projectId)}/chat/sessions/${sessionId}`);
  queryClient.removeQueries({ queryKey: insightKeys.chatSession(projectId, sessionId) });
  await queryClient.invalidateQueries({ queryKey: insightKeys.chatSessions(projectId) });
}
