// Shapes of the Goals API (src/server/modules/goals/goals.schemas.ts), as the browser sees them.

export type Visibility = "private" | "group" | "org";
export type KeyResultType = "numeric" | "percentage" | "boolean" | "milestone";
export type TaskStatus = "todo" | "in_progress" | "done" | "cancelled";
export type SharePermission = "view" | "edit";
export type ObjectiveAccess = "owner" | "edit" | "view";
export type GoalHealth = "not_started" | "on_track" | "at_risk" | "off_track" | "done";
export type Grade = "red" | "yellow" | "green";

export interface Cycle {
  id: string;
  name: string;
  start_date: string;
  end_date: string;
  length_days: number;
  /** Set while the cycle is closed: scores are final and its goals read-only. */
  closed_at: string | null;
  closed_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaskNode {
  id: string;
  key_result_id: string;
  objective_id: string;
  title: string;
  status: TaskStatus;
  due_date: string | null;
  estimate_minutes: number | null;
  assignee_id: string | null;
  sort_order: number;
  completed_at: string | null;
  updated_at: string;
}

export interface KeyResultFields {
  id: string;
  objective_id: string;
  title: string;
  type: KeyResultType;
  unit: string | null;
  start_value: number;
  target_value: number;
  current_value: number;
  weight: number;
  confidence: number | null;
  sort_order: number;
  progress: number;
  score: number;
  final_score: number | null;
  final_grade: Grade | null;
  status: GoalHealth;
  expected_progress: number;
  risk_reasons: string[];
  tasks_done: number;
  tasks_total: number;
  stale_check_in: boolean;
  days_since_check_in: number;
  last_check_in_at: string | null;
  updated_at: string;
}

export interface ObjectiveFields {
  id: string;
  cycle_id: string;
  parent_id: string | null;
  owner_id: string;
  title: string;
  description: string;
  visibility: Visibility;
  sort_order: number;
  access: ObjectiveAccess;
  progress: number;
  score: number;
  grade: Grade;
  /** Recorded when the cycle closed; null while it is open. */
  final_score: number | null;
  final_grade: Grade | null;
  status: GoalHealth;
  created_at: string;
  updated_at: string;
}

export interface KeyResult extends KeyResultFields {
  tasks: TaskNode[];
}

export interface Objective extends ObjectiveFields {
  key_results: KeyResult[];
}

export interface GoalTree {
  cycle: Cycle | null;
  revision: number;
  objectives: Objective[];
}

/** How to patch a cached tree after a write (the CacheUpdate schema). */
export interface CacheUpdate {
  revision: number;
  cycle_id: string | null;
  etag: string | null;
  upsert: {
    cycles: Cycle[];
    objectives: ObjectiveFields[];
    key_results: KeyResultFields[];
    tasks: TaskNode[];
  };
  remove: { objectives: string[]; key_results: string[]; tasks: string[] };
}

/** `{ data, _cacheUpdate }`: every write that changes the tree answers with this. */
export interface WriteResult<T> {
  data: T;
  _cacheUpdate: CacheUpdate;
}

export interface CheckIn {
  id: string;
  key_result_id: string;
  author_id: string | null;
  author_name: string | null;
  week_start: string;
  value: number;
  confidence: number | null;
  note: string;
  edited: boolean;
  edited_at: string | null;
  created_at: string;
}

export interface ObjectiveShare {
  id: string;
  objective_id: string;
  user_id: string | null;
  user_name: string | null;
  group_id: string | null;
  group_name: string | null;
  permission: SharePermission;
  created_at: string;
}

export interface TimeBlock {
  id: string;
  task_id: string;
  task_title: string;
  task_status: TaskStatus;
  key_result_id: string;
  key_result_title: string;
  objective_id: string;
  objective_title: string;
  starts_at: string;
  ends_at: string;
  note: string;
  completed_at: string | null;
  progress_logged: boolean;
}

export interface CalendarFeedStatus {
  active: boolean;
  created_at: string | null;
  last_used_at: string | null;
}

export type CommentTargetType = "objective" | "key_result" | "task";

export interface GoalComment {
  id: string;
  target_type: CommentTargetType;
  target_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  edited?: boolean;
  edited_at?: string | null;
  created_at: string;
}
