import type { Group, Member } from "@shared/api";
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { dismissToast, toast } from "@web/components/ui/toast";
import { ApiError, request } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { applyCacheUpdate, type CachedTree } from "./tree-cache";
import type {
  CacheUpdate,
  CalendarFeedStatus,
  CheckIn,
  Cycle,
  GoalTree,
  KeyResultFields,
  KeyResultType,
  ObjectiveFields,
  ObjectiveShare,
  SharePermission,
  TaskNode,
  TaskStatus,
  TimeBlock,
  Visibility,
  WriteResult,
} from "./types";

export const goalsKeys = {
  all: ["goals"] as const,
  tree: (cycleId: string | undefined) => ["goals", "tree", cycleId ?? "current"] as const,
  trees: ["goals", "tree"] as const,
  cycles: ["goals", "cycles"] as const,
  checkIns: (keyResultId: string) => ["goals", "check-ins", keyResultId] as const,
  shares: (objectiveId: string) => ["goals", "shares", objectiveId] as const,
  timeBlocks: ["goals", "time-blocks"] as const,
  calendarFeed: ["goals", "calendar-feed"] as const,
  comments: (type: string, id: string) => ["goals", "comments", type, id] as const,
};

// --- The tree: one query, revalidated by ETag ------------------------------------------------

/**
 * GET /goals/tree with If-None-Match: an unchanged tree costs a 304 and no body. The browser
 * hands a 304 to the page (rather than answering from its own cache) because we set the
 * conditional header ourselves.
 */
async function fetchTree(
  queryClient: QueryClient,
  cycleId: string | undefined,
  signal: AbortSignal,
): Promise<CachedTree> {
  const cached = queryClient.getQueryData<CachedTree>(goalsKeys.tree(cycleId));
  const headers: Record<string, string> = { accept: "application/json", "x-requested-with": "cairn-web" };
  if (cached?.etag) headers["if-none-match"] = cached.etag;
  const url = `/api/v1/goals/tree${cycleId ? `?cycle_id=${encodeURIComponent(cycleId)}` : ""}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, credentials: "same-origin", signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({ status: 0, code: "NETWORK_ERROR", message: "Cairn could not be reached." });
  }
  if (response.status === 304 && cached) return cached;
  const payload = (await response.json().catch(() => null)) as
    | { data: GoalTree }
    | { error: string; message: string; correlation_id?: string }
    | null;
  if (!response.ok || !payload || !("data" in payload)) {
    throw new ApiError({
      status: response.status,
      code: payload && "error" in payload ? payload.error : "HTTP_ERROR",
      message: payload && "message" in payload ? payload.message : `The server answered ${response.status}`,
      correlationId: payload && "correlation_id" in payload ? (payload.correlation_id ?? null) : null,
    });
  }
  return { ...payload.data, etag: response.headers.get("etag") };
}

export function treeQuery(queryClient: QueryClient, cycleId: string | undefined) {
  return queryOptions({
    queryKey: goalsKeys.tree(cycleId),
    queryFn: ({ signal }) => fetchTree(queryClient, cycleId, signal),
    // Revalidating is a cheap 304; writes patch the cache in between.
    staleTime: 15_000,
    refetchOnWindowFocus: true,
  });
}

export function useGoalTree(cycleId: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery(treeQuery(queryClient, cycleId));
}

/** Patches every cached tree (current and by cycle) with a write's `_cacheUpdate`. */
export function applyToCachedTrees(queryClient: QueryClient, update: CacheUpdate) {
  let stale = false;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: goalsKeys.trees })) {
    const tree = query.state.data as CachedTree | undefined;
    if (!tree) continue;
    const patched = applyCacheUpdate(tree, update);
    stale ||= patched.stale;
    queryClient.setQueryData(query.queryKey, patched.tree);
  }
  if (update.upsert.cycles.length > 0) void queryClient.invalidateQueries({ queryKey: goalsKeys.cycles });
  // A key result's value can change through a check-in made elsewhere (the coach, a time block).
  for (const keyResult of update.upsert.key_results) {
    void queryClient.invalidateQueries({ queryKey: goalsKeys.checkIns(keyResult.id) });
  }
  // Someone else wrote in between: the patch is right for our change, the ETag revalidation
  // picks up theirs.
  if (stale) void queryClient.invalidateQueries({ queryKey: goalsKeys.trees });
}

async function write<T>(
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<WriteResult<T>> {
  const envelope = await request<T>(path, { method, body });
  return envelope as unknown as WriteResult<T>;
}

/** A goals write: the server's `_cacheUpdate` patches the tree, no refetch. */
function useGoalWrite<TVariables, TData>(
  mutationFn: (variables: TVariables) => Promise<WriteResult<TData>>,
  options: { errorTitle: string; onSuccess?: (data: TData, variables: TVariables) => void },
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result, variables) => {
      if (result._cacheUpdate) applyToCachedTrees(queryClient, result._cacheUpdate);
      options.onSuccess?.(result.data, variables);
    },
    onError: (error) => toast.error(options.errorTitle, { description: formErrorOf(error) }),
  });
}

// --- Cycles -----------------------------------------------------------------------------------

export const cyclesQuery = queryOptions({
  queryKey: goalsKeys.cycles,
  queryFn: ({ signal }) => request<Cycle[]>("/goals/cycles", { query: { per_page: 100 }, signal }),
  select: (envelope) => envelope.data,
});

export interface CycleInput {
  name?: string;
  start_date: string;
  end_date?: string;
}

export function useCreateCycle(onCreated: (cycle: Cycle) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CycleInput) => write<Cycle>("POST", "/goals/cycles", input),
    onSuccess: async (result) => {
      applyToCachedTrees(queryClient, result._cacheUpdate);
      await queryClient.invalidateQueries({ queryKey: goalsKeys.cycles });
      onCreated(result.data);
    },
  });
}

/** Closes a cycle (final scores recorded, goals read-only) or reopens it. */
export const useCycleState = () =>
  useGoalWrite(
    ({ id, action }: { id: string; action: "close" | "reopen" }) =>
      write<Cycle>("POST", `/goals/cycles/${id}/${action}`),
    {
      errorTitle: "Could not change the cycle",
      onSuccess: (cycle, { action }) =>
        toast.success(action === "close" ? `${cycle.name} closed` : `${cycle.name} reopened`, {
          description:
            action === "close"
              ? "Final scores are recorded; its goals are read-only."
              : "Its goals can change again.",
        }),
    },
  );

/** A closed cycle's goals are read-only: the server answers 409 to any change. */
export const isClosed = (cycle: Pick<Cycle, "closed_at"> | null | undefined) => Boolean(cycle?.closed_at);

// --- Objectives, key results, tasks ----------------------------------------------------------

export interface ObjectiveInput {
  title: string;
  description?: string;
  cycle_id?: string;
  parent_id?: string | null;
  visibility?: Visibility;
  sort_order?: number;
}

export interface KeyResultInput {
  title: string;
  type: KeyResultType;
  start_value?: number;
  target_value?: number;
  current_value?: number;
  unit?: string | null;
  weight?: number;
  confidence?: number | null;
}

export interface TaskInput {
  title: string;
  status?: TaskStatus;
  due_date?: string | null;
  estimate_minutes?: number | null;
  assignee_id?: string | null;
  sort_order?: number;
  key_result_id?: string;
}

export const useCreateObjective = (onCreated?: (objective: ObjectiveFields | null) => void) =>
  useGoalWrite((input: ObjectiveInput) => write<ObjectiveFields | null>("POST", "/goals/objectives", input), {
    errorTitle: "Could not create the objective",
    onSuccess: (objective) => onCreated?.(objective),
  });

export const useUpdateObjective = () =>
  useGoalWrite(
    ({ id, patch }: { id: string; patch: Partial<ObjectiveInput> & { owner_id?: string } }) =>
      write<ObjectiveFields | null>("PATCH", `/goals/objectives/${id}`, patch),
    { errorTitle: "Could not save the objective" },
  );

export const useCreateKeyResult = () =>
  useGoalWrite(
    ({ objectiveId, input }: { objectiveId: string; input: KeyResultInput }) =>
      write<KeyResultFields | null>("POST", `/goals/objectives/${objectiveId}/key-results`, input),
    { errorTitle: "Could not add the key result" },
  );

export const useUpdateKeyResult = () =>
  useGoalWrite(
    ({ id, patch }: { id: string; patch: Partial<KeyResultInput> }) =>
      write<KeyResultFields | null>("PATCH", `/goals/key-results/${id}`, patch),
    { errorTitle: "Could not save the key result" },
  );

export const useCreateTask = () =>
  useGoalWrite(
    ({ keyResultId, input }: { keyResultId: string; input: TaskInput }) =>
      write<TaskNode | null>("POST", `/goals/key-results/${keyResultId}/tasks`, input),
    { errorTitle: "Could not add the task" },
  );

export const useUpdateTask = () =>
  useGoalWrite(
    ({ id, patch }: { id: string; patch: Partial<TaskInput> }) =>
      write<TaskNode | null>("PATCH", `/goals/tasks/${id}`, patch),
    { errorTitle: "Could not save the task" },
  );

const DELETABLE = {
  objective: { path: "objectives", noun: "Objective" },
  key_result: { path: "key-results", noun: "Key result" },
  task: { path: "tasks", noun: "Task" },
} as const;
export type DeletableKind = keyof typeof DELETABLE;

/**
 * Deletes an objective, key result or task (soft: restorable) and offers Undo in the toast,
 * which restores it with everything that went with it.
 */
export function useDeleteGoalItem() {
  const queryClient = useQueryClient();
  const restore = useMutation({
    mutationFn: ({ kind, id }: { kind: DeletableKind; id: string; title: string }) =>
      write<unknown>("POST", `/goals/${DELETABLE[kind].path}/${id}/restore`),
    onSuccess: (result, { title }) => {
      applyToCachedTrees(queryClient, result._cacheUpdate);
      toast.success(`Restored “${title}”`);
    },
    onError: (error) => toast.error("Could not restore it", { description: formErrorOf(error) }),
  });
  return useMutation({
    mutationFn: ({ kind, id }: { kind: DeletableKind; id: string; title: string }) =>
      write<unknown>("DELETE", `/goals/${DELETABLE[kind].path}/${id}`),
    onSuccess: (result, item) => {
      applyToCachedTrees(queryClient, result._cacheUpdate);
      const toastId = toast.success(`${DELETABLE[item.kind].noun} deleted`, {
        description: `“${item.title}”`,
        action: {
          label: "Undo",
          onClick: () => {
            dismissToast(toastId);
            restore.mutate(item);
          },
        },
      });
    },
    onError: (error) => toast.error("Could not delete it", { description: formErrorOf(error) }),
  });
}

// --- Sharing ----------------------------------------------------------------------------------

export const sharesQuery = (objectiveId: string) =>
  queryOptions({
    queryKey: goalsKeys.shares(objectiveId),
    queryFn: ({ signal }) => request<ObjectiveShare[]>(`/goals/objectives/${objectiveId}/shares`, { signal }),
    select: (envelope) => envelope.data,
  });

export function useShareObjective(objectiveId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: goalsKeys.shares(objectiveId) });
  const share = useGoalWrite(
    (input: { user_id?: string; group_id?: string; permission: SharePermission }) =>
      write<ObjectiveShare>("POST", `/goals/objectives/${objectiveId}/shares`, input),
    { errorTitle: "Could not share the objective", onSuccess: () => void refresh() },
  );
  const unshare = useGoalWrite(
    (shareId: string) =>
      write<{ id: string }>("DELETE", `/goals/objectives/${objectiveId}/shares/${shareId}`),
    { errorTitle: "Could not stop sharing", onSuccess: () => void refresh() },
  );
  return { share, unshare };
}

// --- Check-ins --------------------------------------------------------------------------------

export const checkInsQuery = (keyResultId: string) =>
  queryOptions({
    queryKey: goalsKeys.checkIns(keyResultId),
    queryFn: ({ signal }) =>
      request<CheckIn[]>(`/goals/key-results/${keyResultId}/check-ins`, { query: { per_page: 100 }, signal }),
    select: (envelope) => envelope.data,
  });

export interface CheckInInput {
  value: number;
  confidence?: number | null;
  note?: string;
  week_start?: string;
}

export function useCheckIn(keyResultId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: goalsKeys.checkIns(keyResultId) });
  const create = useGoalWrite(
    (input: CheckInInput) => write<CheckIn>("POST", `/goals/key-results/${keyResultId}/check-ins`, input),
    { errorTitle: "Could not save the check-in", onSuccess: () => void refresh() },
  );
  const update = useGoalWrite(
    ({ id, patch }: { id: string; patch: Omit<CheckInInput, "week_start"> }) =>
      write<CheckIn>("PATCH", `/goals/check-ins/${id}`, patch),
    { errorTitle: "Could not correct the check-in", onSuccess: () => void refresh() },
  );
  return { create, update };
}

// --- Time blocks and the calendar feed ---------------------------------------------------------

export const timeBlocksQuery = (from: Date, to: Date) =>
  queryOptions({
    queryKey: [...goalsKeys.timeBlocks, from.toISOString(), to.toISOString()],
    queryFn: ({ signal }) =>
      request<TimeBlock[]>("/goals/time-blocks", {
        query: { from: from.toISOString(), to: to.toISOString() },
        signal,
      }),
    select: (envelope) => envelope.data,
  });

export type CompletionLog = { log: "none" } | { log: "task_done" } | { log: "key_result"; amount: number };

export function useTimeBlockWrites() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: goalsKeys.timeBlocks });
  const onError = (title: string) => (error: unknown) =>
    toast.error(title, { description: formErrorOf(error) });
  const create = useMutation({
    mutationFn: (input: { task_id: string; starts_at: string; ends_at: string }) =>
      request<TimeBlock>("/goals/time-blocks", { method: "POST", body: input }),
    onSuccess: refresh,
    onError: onError("Could not block the time"),
  });
  const update = useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: { starts_at?: string; ends_at?: string; note?: string };
    }) => request<TimeBlock>(`/goals/time-blocks/${id}`, { method: "PATCH", body: patch }),
    onSuccess: refresh,
    onError: onError("Could not move the block"),
  });
  const remove = useMutation({
    mutationFn: (id: string) => request<undefined>(`/goals/time-blocks/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
    onError: onError("Could not remove the block"),
  });
  const complete = useGoalWrite(
    ({ id, log }: { id: string; log: CompletionLog }) =>
      write<TimeBlock>("POST", `/goals/time-blocks/${id}/complete`, log),
    { errorTitle: "Could not mark the block done", onSuccess: () => void refresh() },
  );
  return { create, update, remove, complete };
}

export const calendarFeedQuery = queryOptions({
  queryKey: goalsKeys.calendarFeed,
  queryFn: ({ signal }) => request<CalendarFeedStatus>("/goals/calendar-feed", { signal }),
  select: (envelope) => envelope.data,
});

// --- People the goals UI picks from ------------------------------------------------------------

export const membersQuery = queryOptions({
  queryKey: ["members", "list", { per_page: 100 }],
  queryFn: ({ signal }) => request<Member[]>("/members", { query: { per_page: 100 }, signal }),
  select: (envelope) => envelope.data,
  staleTime: 60_000,
});

export const groupsQuery = queryOptions({
  queryKey: ["groups", "list", { per_page: 100 }],
  queryFn: ({ signal }) => request<Group[]>("/groups", { query: { per_page: 100 }, signal }),
  select: (envelope) => envelope.data,
  staleTime: 60_000,
});

/**
 * The org's members, for pickers and names. Guests may not list them (members.read is staff
 * only): for them the list is empty rather than a refused request.
 */
export function useMembers(options: { enabled?: boolean } = {}): Member[] {
  const { can } = useSession();
  const { data } = useQuery({ ...membersQuery, enabled: can("members.read") && (options.enabled ?? true) });
  return data ?? [];
}

/** The org's groups to share with; empty for those who may not list them. */
export function useGroups(): Group[] {
  const { can } = useSession();
  return useQuery({ ...groupsQuery, enabled: can("groups.read") }).data ?? [];
}

/** Display names by user id, for owners and assignees. */
export function usePeople(): Map<string, Member> {
  const members = useMembers();
  return new Map(members.map((member) => [member.user_id, member]));
}
