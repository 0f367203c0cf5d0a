import type { ProjectAction, ProjectRole } from "@core/permissions";
import type {
  Indicator,
  ItemGroup,
  ItemStatus,
  ItemType,
  LinkKind,
  Priority,
  ProjectStatus,
  RiskLevel,
  Severity,
} from "@core/raid";
import type { DataEnvelope, PageMeta } from "@shared/api";
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { ApiError, api, request } from "@web/lib/api";

// Shapes of the projects API (src/server/modules/projects/*.schemas.ts) ------------------------

export interface Project {
  id: string;
  name: string;
  description: string;
  client_name: string | null;
  status: ProjectStatus;
  start_date: string | null;
  end_date: string | null;
  budget_total: number | null;
  currency: string;
  my_role: ProjectRole;
  permissions: ProjectAction[];
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectInput {
  name: string;
  description?: string;
  client_name?: string | null;
  status?: ProjectStatus;
  start_date?: string | null;
  end_date?: string | null;
  budget_total?: number | null;
  currency?: string;
}

export interface ProjectMember {
  user_id: string;
  name: string;
  email: string;
  role: ProjectRole;
  billing_role: string | null;
  added_at: string;
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface Item {
  id: string;
  project_id: string;
  code: string;
  type: ItemType;
  number: number;
  title: string;
  description: string;
  status: ItemStatus;
  priority: Priority;
  assignee: PersonRef | null;
  start_date: string | null;
  finish_date: string | null;
  deadline: string | null;
  percent_complete: number;
  completed_on: string | null;
  indicator: Indicator;
  tags: string[];
  probability: number | null;
  impact: number | null;
  risk_score: number | null;
  risk_level: RiskLevel | null;
  severity: Severity | null;
  decision_date: string | null;
  rationale: string | null;
  created_by: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ItemLink {
  id: string;
  kind: LinkKind;
  /** outgoing: this item is the source (it became / depends on / relates to the other). */
  direction: "outgoing" | "incoming";
  item: { id: string; code: string; type: ItemType; title: string; status: ItemStatus };
  created_at: string;
}

export interface ItemDetail extends Item {
  links: ItemLink[];
  comment_count: number;
  attachment_count: number;
  /** Whether you may change this item (team members only theirs). */
  can_edit: boolean;
}

/** The editable fields of an item (PATCH body; create adds `type`). */
export interface ItemPatch {
  title?: string;
  description?: string;
  status?: ItemStatus;
  priority?: Priority;
  assignee_id?: string | null;
  start_date?: string | null;
  finish_date?: string | null;
  deadline?: string | null;
  percent_complete?: number;
  tags?: string[];
  probability?: number | null;
  impact?: number | null;
  severity?: Severity | null;
  decision_date?: string | null;
  rationale?: string | null;
}

export interface ItemComment {
  id: string;
  author: { id: string | null; name: string | null };
  body: string;
  created_at: string;
}

export interface ItemAttachment {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: { id: string | null; name: string | null };
  created_at: string;
}

export interface ItemChange {
  id: string;
  action: string;
  actor: { user_id: string | null; name: string | null };
  before: unknown;
  after: unknown;
  created_at: string;
}

export type IndicatorCounts = Record<Indicator, number>;

export interface ProjectDashboard {
  as_of: string;
  total: number;
  by_indicator: IndicatorCounts;
  by_type: Record<ItemType, number>;
  by_assignee: {
    user_id: string | null;
    name: string | null;
    total: number;
    by_indicator: IndicatorCounts;
  }[];
  heat_map: {
    cells: { probability: number; impact: number; score: number; level: RiskLevel; count: number }[];
    rated: number;
    unrated: number;
  };
}

export const ITEM_SORTS = [
  "code",
  "title",
  "type",
  "status",
  "priority",
  "assignee",
  "start_date",
  "finish_date",
  "deadline",
  "percent_complete",
  "risk_score",
  "indicator",
  "updated_at",
  "relevance",
] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export interface ItemListParams {
  page?: number;
  /** Rows come group by group; the page's meta counts every group over all pages. */
  group?: ItemGroup;
  per_page?: number;
  type?: ItemType[];
  status?: ItemStatus[];
  priority?: Priority[];
  indicator?: Indicator[];
  /** A user id, `me`, or `none`. */
  assignee?: string;
  tag?: string[];
  search?: string;
  deleted?: boolean;
  sort?: ItemSort;
  order?: "asc" | "desc";
}

/** A list page of items; with `group`, each group's size over every page, in the list's order. */
export interface ItemPage extends DataEnvelope<Item[]> {
  meta?: PageMeta & { groups?: { key: string | null; count: number }[] };
}

export const IMPORT_FIELDS = [
  "type",
  "title",
  "description",
  "status",
  "priority",
  "assignee",
  "start_date",
  "finish_date",
  "deadline",
  "percent_complete",
  "tags",
  "probability",
  "impact",
  "severity",
  "decision_date",
  "rationale",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type DateOrder = "dmy" | "mdy";
export type ColumnMapping = Record<string, ImportField | null>;

export interface ImportSession {
  id: string;
  file_name: string;
  format: "csv" | "xlsx";
  sheet_name: string | null;
  header_row: number;
  headers: { index: number; name: string; suggested_field: ImportField | null }[];
  row_count: number;
  sample: { row: number; cells: (string | number | null)[] }[];
  suggested_mapping: ColumnMapping;
  suggested_date_order: DateOrder;
  expires_at: string;
  committed_at: string | null;
}

export interface UploadedImport extends ImportSession {
  sheet_names: string[];
  /** Null when every date reads either way: ask. */
  date_order_detected: DateOrder | null;
}

export interface ImportProblem {
  field: string;
  column: string | null;
  message: string;
}

export type ImportRowStatus = "valid" | "error" | "blank";

export interface ImportRowReport {
  row: number;
  status: ImportRowStatus;
  problems: ImportProblem[];
  item: (Required<Omit<ItemPatch, "assignee_id">> & { type: ItemType; assignee_id: string | null }) | null;
}

export interface ImportPreview {
  data: ImportRowReport[];
  meta: PageMeta & { counts: Record<ImportRowStatus, number>; date_order: DateOrder };
}

export interface ImportChoices {
  mapping: ColumnMapping;
  date_order?: DateOrder;
  default_type?: ItemType;
}

export interface ImportResult {
  imported: number;
  items: { row: number; id: string }[];
  skipped: { row: number; problems: ImportProblem[] }[];
  blank_rows: number;
}

export type ExportFormat = "csv" | "xlsx" | "markdown" | "pdf";

// Query keys: everything about one project sits under projectKeys.project(id), so a change to an
// item can refresh every view of that project (list, board, dashboard, timeline, budget) at once.

export const projectKeys = {
  all: ["projects"] as const,
  lists: () => [...projectKeys.all, "list"] as const,
  list: (params: { search?: string; deleted?: boolean; page?: number }) =>
    [...projectKeys.lists(), params] as const,
  project: (projectId: string) => [...projectKeys.all, "project", projectId] as const,
  detail: (projectId: string) => [...projectKeys.project(projectId), "detail"] as const,
  members: (projectId: string) => [...projectKeys.project(projectId), "members"] as const,
  dashboard: (projectId: string) => [...projectKeys.project(projectId), "dashboard"] as const,
  items: (projectId: string) => [...projectKeys.project(projectId), "items"] as const,
  itemList: (projectId: string, params: ItemListParams) =>
    [...projectKeys.items(projectId), "list", params] as const,
  item: (projectId: string, itemId: string) => [...projectKeys.items(projectId), "item", itemId] as const,
  comments: (projectId: string, itemId: string) =>
    [...projectKeys.item(projectId, itemId), "comments"] as const,
  attachments: (projectId: string, itemId: string) =>
    [...projectKeys.item(projectId, itemId), "attachments"] as const,
  history: (projectId: string, itemId: string) =>
    [...projectKeys.item(projectId, itemId), "history"] as const,
};

const projectPath = (projectId: string) => `/projects/${projectId}`;
const itemPath = (projectId: string, itemId: string) => `${projectPath(projectId)}/items/${itemId}`;

/** Refreshes every view of a project after one of its items changed. */
export function invalidateProject(queryClient: QueryClient, projectId: string) {
  return queryClient.invalidateQueries({ queryKey: projectKeys.project(projectId) });
}

// Projects ---------------------------------------------------------------------------------

export function useProjects(params: { search?: string; deleted?: boolean; page?: number }) {
  return useQuery({
    queryKey: projectKeys.list(params),
    queryFn: ({ signal }) =>
      request<Project[]>("/projects", {
        query: {
          search: params.search || undefined,
          deleted: params.deleted ? "true" : undefined,
          page: params.page ?? 1,
          per_page: 24,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export const projectQuery = (projectId: string) =>
  queryOptions({
    queryKey: projectKeys.detail(projectId),
    queryFn: ({ signal }) => api.get<Project>(projectPath(projectId), { signal }),
  });

export function useProject(projectId: string) {
  return useQuery(projectQuery(projectId));
}

/** What your role on the project lets you do (the server decides; this only hides controls). */
export function canInProject(project: Project | undefined, action: ProjectAction): boolean {
  return project?.permissions.includes(action) ?? false;
}

/** Whether you may change this item: any item, or (team members) the ones assigned to you. */
export function canEditItem(project: Project | undefined, item: Pick<Item, "assignee">, userId: string) {
  if (canInProject(project, "projects.items.update")) return true;
  return canInProject(project, "projects.items.update_assigned") && item.assignee?.id === userId;
}

export function useProjectDashboard(projectId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: projectKeys.dashboard(projectId),
    queryFn: ({ signal }) => api.get<ProjectDashboard>(`${projectPath(projectId)}/dashboard`, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProjectInput) => api.post<Project>("/projects", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
  });
}

export function useUpdateProject(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ProjectInput>) => api.patch<Project>(projectPath(projectId), input),
    onSuccess: async (project) => {
      queryClient.setQueryData(projectKeys.detail(projectId), project);
      await queryClient.invalidateQueries({ queryKey: projectKeys.lists() });
    },
  });
}

// Deletes and restores are plain functions, not mutation hooks: the Undo in a toast outlives the
// page or drawer that deleted the thing, and a hook's callbacks stop when its component unmounts.

/** Moves a project to the bin. Call it once nothing on screen reads the project any more. */
export async function deleteProject(queryClient: QueryClient, projectId: string): Promise<void> {
  await api.delete(projectPath(projectId));
  // Lists first, so its card is gone before its cached views are dropped (else they would refetch).
  await queryClient.invalidateQueries({ queryKey: projectKeys.lists() });
  queryClient.removeQueries({ queryKey: projectKeys.project(projectId) });
}

export async function restoreProject(queryClient: QueryClient, projectId: string): Promise<Project> {
  const project = await api.post<Project>(`${projectPath(projectId)}/restore`);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: projectKeys.project(projectId) }),
  ]);
  return project;
}

/** Deletes an item (restorable). Close whatever shows it first. */
export async function deleteItem(queryClient: QueryClient, projectId: string, itemId: string): Promise<void> {
  await api.delete(itemPath(projectId, itemId));
  queryClient.removeQueries({ queryKey: projectKeys.item(projectId, itemId) });
  await invalidateProject(queryClient, projectId);
}

export async function restoreItem(
  queryClient: QueryClient,
  projectId: string,
  itemId: string,
): Promise<Item> {
  const item = await api.post<Item>(`${itemPath(projectId, itemId)}/restore`);
  await invalidateProject(queryClient, projectId);
  return item;
}

// Members ----------------------------------------------------------------------------------

export function useProjectMembers(projectId: string) {
  return useQuery({
    queryKey: projectKeys.members(projectId),
    queryFn: async ({ signal }) => {
      // A project rarely has more than a page of people; read them all so pickers are complete.
      const members: ProjectMember[] = [];
      for (let page = 1; ; page++) {
        const result = await request<ProjectMember[]>(`${projectPath(projectId)}/members`, {
          query: { page, per_page: 100 },
          signal,
        });
        members.push(...result.data);
        if (!result.meta || members.length >= result.meta.total || result.data.length === 0) return members;
      }
    },
  });
}

export function useMemberMutations(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => invalidateProject(queryClient, projectId);
  return {
    add: useMutation({
      mutationFn: (input: { user_id: string; role: ProjectRole; billing_role?: string | null }) =>
        api.post<ProjectMember>(`${projectPath(projectId)}/members`, input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({
        userId,
        ...input
      }: {
        userId: string;
        role?: ProjectRole;
        billing_role?: string | null;
      }) => api.patch<ProjectMember>(`${projectPath(projectId)}/members/${userId}`, input),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => api.delete(`${projectPath(projectId)}/members/${userId}`),
      onSuccess: refresh,
    }),
  };
}

// Items ------------------------------------------------------------------------------------

function itemQuery(params: ItemListParams) {
  return {
    page: params.page ?? 1,
    per_page: params.per_page ?? 50,
    type: params.type?.join(",") || undefined,
    status: params.status?.join(",") || undefined,
    priority: params.priority?.join(",") || undefined,
    indicator: params.indicator?.join(",") || undefined,
    assignee: params.assignee || undefined,
    tag: params.tag?.join(",") || undefined,
    search: params.search || undefined,
    deleted: params.deleted ? "true" : undefined,
    sort: params.sort,
    order: params.order,
    group: params.group,
  };
}

export function useItems(projectId: string, params: ItemListParams) {
  return useQuery({
    queryKey: projectKeys.itemList(projectId, params),
    queryFn: ({ signal }): Promise<ItemPage> => fetchItems(projectId, params, signal),
    placeholderData: keepPreviousData,
  });
}

export function fetchItems(
  projectId: string,
  params: ItemListParams,
  signal?: AbortSignal,
): Promise<ItemPage> {
  return request<Item[]>(`${projectPath(projectId)}/items`, { query: itemQuery(params), signal });
}

export function useItem(projectId: string, itemId: string | undefined) {
  return useQuery({
    queryKey: projectKeys.item(projectId, itemId ?? ""),
    queryFn: ({ signal }) => api.get<ItemDetail>(itemPath(projectId, itemId!), { signal }),
    enabled: Boolean(itemId),
  });
}

export function useItemMutations(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => invalidateProject(queryClient, projectId);
  return {
    create: useMutation({
      mutationFn: (input: ItemPatch & { type: ItemType; title: string }) =>
        api.post<Item>(`${projectPath(projectId)}/items`, input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ itemId, patch }: { itemId: string; patch: ItemPatch }) =>
        api.patch<Item>(itemPath(projectId, itemId), patch),
      onSuccess: refresh,
    }),
    convert: useMutation({
      mutationFn: ({ itemId, ...input }: { itemId: string; title?: string; severity?: Severity }) =>
        api.post<{ risk: Item; issue: Item }>(`${itemPath(projectId, itemId)}/convert-to-issue`, input),
      onSuccess: refresh,
    }),
    addLink: useMutation({
      mutationFn: ({ itemId, ...input }: { itemId: string; to_item_id: string; kind: LinkKind }) =>
        api.post<ItemLink>(`${itemPath(projectId, itemId)}/links`, input),
      onSuccess: refresh,
    }),
    removeLink: useMutation({
      mutationFn: ({ itemId, linkId }: { itemId: string; linkId: string }) =>
        api.delete(`${itemPath(projectId, itemId)}/links/${linkId}`),
      onSuccess: refresh,
    }),
  };
}

/**
 * Changes one item, showing the change at once in every cached list (table and board) and
 * putting things back if the server refuses. `optimistic` is how the item should look meanwhile
 * (e.g. the assignee's name for an assignee_id).
 */
export function useOptimisticItemUpdate(projectId: string) {
  const queryClient = useQueryClient();
  const lists = [...projectKeys.items(projectId), "list"];
  return useMutation({
    mutationFn: ({ itemId, patch }: { itemId: string; patch: ItemPatch; optimistic?: Partial<Item> }) =>
      api.patch<Item>(itemPath(projectId, itemId), patch),
    onMutate: async ({ itemId, patch, optimistic }) => {
      await queryClient.cancelQueries({ queryKey: lists });
      const snapshots = queryClient.getQueriesData<DataEnvelope<Item[]>>({ queryKey: lists });
      const { assignee_id: _assignee, ...plain } = patch;
      queryClient.setQueriesData<DataEnvelope<Item[]>>({ queryKey: lists }, (old) =>
        old
          ? {
              ...old,
              data: old.data.map((item) =>
                item.id === itemId ? { ...item, ...plain, ...optimistic } : item,
              ),
            }
          : old,
      );
      return { snapshots };
    },
    onError: (_error, _variables, context) => {
      for (const [key, data] of context?.snapshots ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: () => invalidateProject(queryClient, projectId),
  });
}

export function useItemComments(projectId: string, itemId: string) {
  return useQuery({
    queryKey: projectKeys.comments(projectId, itemId),
    queryFn: ({ signal }) =>
      api.get<ItemComment[]>(`${itemPath(projectId, itemId)}/comments`, { query: { per_page: 100 }, signal }),
  });
}

export function useCommentMutations(projectId: string, itemId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.item(projectId, itemId) });
  return {
    add: useMutation({
      mutationFn: (body: string) =>
        api.post<ItemComment>(`${itemPath(projectId, itemId)}/comments`, { body }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (commentId: string) => api.delete(`${itemPath(projectId, itemId)}/comments/${commentId}`),
      onSuccess: refresh,
    }),
  };
}

/** Brings a deleted comment back (the Undo after deleting one). */
export async function restoreComment(
  queryClient: QueryClient,
  projectId: string,
  itemId: string,
  commentId: string,
): Promise<ItemComment> {
  const comment = await api.post<ItemComment>(`${itemPath(projectId, itemId)}/comments/${commentId}/restore`);
  await queryClient.invalidateQueries({ queryKey: projectKeys.item(projectId, itemId) });
  return comment;
}

export function useItemAttachments(projectId: string, itemId: string) {
  return useQuery({
    queryKey: projectKeys.attachments(projectId, itemId),
    queryFn: ({ signal }) =>
      api.get<ItemAttachment[]>(`${itemPath(projectId, itemId)}/attachments`, { signal }),
  });
}

export function useAttachmentMutations(projectId: string, itemId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.item(projectId, itemId) });
  return {
    upload: useMutation({
      mutationFn: (file: File) => {
        const form = new FormData();
        form.set("file", file);
        return postForm<ItemAttachment>(`${itemPath(projectId, itemId)}/attachments`, form);
      },
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (attachmentId: string) =>
        api.delete(`${itemPath(projectId, itemId)}/attachments/${attachmentId}`),
      onSuccess: refresh,
    }),
  };
}

/** Brings a removed attachment back, file and all (the Undo after removing one). */
export async function restoreAttachment(
  queryClient: QueryClient,
  projectId: string,
  itemId: string,
  attachmentId: string,
): Promise<ItemAttachment> {
  const attachment = await api.post<ItemAttachment>(
    `${itemPath(projectId, itemId)}/attachments/${attachmentId}/restore`,
  );
  await queryClient.invalidateQueries({ queryKey: projectKeys.item(projectId, itemId) });
  return attachment;
}

/** Asks for a short-lived signed link and follows it, which downloads the file. */
export async function downloadAttachment(projectId: string, itemId: string, attachmentId: string) {
  const link = await api.get<{ url: string; expires_at: string }>(
    `${itemPath(projectId, itemId)}/attachments/${attachmentId}/download`,
  );
  window.location.assign(link.url);
}

export function useItemHistory(projectId: string, itemId: string) {
  return useQuery({
    queryKey: projectKeys.history(projectId, itemId),
    queryFn: ({ signal }) =>
      api.get<ItemChange[]>(`${itemPath(projectId, itemId)}/history`, { query: { per_page: 50 }, signal }),
  });
}

// Imports and exports ----------------------------------------------------------------------

export function uploadImport(projectId: string, file: File, sheet?: string) {
  const form = new FormData();
  form.set("file", file);
  if (sheet) form.set("sheet", sheet);
  return postForm<UploadedImport>(`${projectPath(projectId)}/imports`, form);
}

export async function previewImport(
  projectId: string,
  importId: string,
  choices: ImportChoices,
  query: { page: number; status?: ImportRowStatus },
) {
  return (await request<ImportRowReport[]>(`${projectPath(projectId)}/imports/${importId}/preview`, {
    method: "POST",
    body: choices,
    query: { page: query.page, per_page: 100, status: query.status },
  })) as unknown as ImportPreview;
}

export function confirmImport(
  projectId: string,
  importId: string,
  choices: ImportChoices & { skip_invalid?: boolean },
) {
  return api.post<ImportResult>(`${projectPath(projectId)}/imports/${importId}/confirm`, choices);
}

function exportUrl(projectId: string, format: ExportFormat): string {
  return format === "pdf"
    ? `/api/v1${projectPath(projectId)}/export/status-report`
    : `/api/v1${projectPath(projectId)}/export?format=${format}`;
}

/**
 * Downloads an export under the server's file name. Fetched first (not a plain link) so a
 * refusal shows as a message instead of replacing the page with an error body.
 */
export async function downloadExport(projectId: string, format: ExportFormat): Promise<void> {
  const response = await fetch(exportUrl(projectId, format), {
    credentials: "same-origin",
    headers: { "x-requested-with": "cairn-web" },
  });
  if (!response.ok) {
    const payload = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    throw new ApiError({
      status: response.status,
      code: "EXPORT_FAILED",
      message: payload?.message ?? `The export failed (${response.status}).`,
    });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name ? decodeURIComponent(name) : `export.${format === "markdown" ? "md" : format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Multipart uploads: the JSON client cannot send FormData, so this mirrors its error handling.

async function postForm<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { accept: "application/json", "x-requested-with": "cairn-web" },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: "NETWORK_ERROR",
      message: "Cairn could not be reached. Check your connection and try again.",
    });
  }
  const payload = (await response.json().catch(() => undefined)) as
    | { data?: T; error?: string; message?: string; details?: unknown; correlation_id?: string }
    | undefined;
  if (!response.ok) {
    throw new ApiError({
      status: response.status,
      code: payload?.error ?? "HTTP_ERROR",
      message:
        payload?.message ??
        (response.status === 413 ? "The file is too large." : `The server answered ${response.status}`),
      details: payload?.details,
      correlationId: payload?.correlation_id ?? response.headers.get("x-correlation-id"),
    });
  }
  return payload?.data as T;
}
