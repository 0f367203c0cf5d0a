/** What a model call is for; each task has its own routing chain (seed 004's matrix plus chat and embeddings). */
export const AI_TASKS = [
  "chat",
  "quick_summary",
  "project_analysis",
  "risk_assessment",
  "technical_docs",
  "realtime",
  "embedding",
] as const;

export type AiTask = (typeof AI_TASKS)[number];

/** Tasks answered by a language model; `embedding` is answered by an embedding model. */
export type LanguageTask = Exclude<AiTask, "embedding">;

export const LANGUAGE_TASKS = AI_TASKS.filter((task): task is LanguageTask => task !== "embedding");

export function isAiTask(value: string): value is AiTask {
  return (AI_TASKS as readonly string[]).includes(value);
}

export function modelKindForTask(task: AiTask): "language" | "embedding" {
  return task === "embedding" ? "embedding" : "language";
}
