/** Shapes of the AI admin API (`/api/v1/ai/*`), for the web app. The server's zod schemas are the source. */

export type AiTask =
  | "chat"
  | "quick_summary"
  | "project_analysis"
  | "risk_assessment"
  | "technical_docs"
  | "realtime"
  | "embedding";

export type AiProviderKind = "openai" | "anthropic" | "bedrock" | "mistral" | "openai-compatible" | "offline";
export type AiCredentialKind = Exclude<AiProviderKind, "offline">;

export interface AiInstanceProvider {
  name: string;
  kind: AiProviderKind;
  label: string;
  source: "environment" | "built_in";
  configured: boolean;
  env: string[];
  base_url: string | null;
  region: string | null;
  model_count: number;
  overridden_by_credential: boolean;
}

/** An org's own provider key. The key itself never leaves the server: only `key_hint`. */
export interface AiCredential {
  id: string;
  provider: AiCredentialKind;
  name: string;
  label: string;
  base_url: string | null;
  region: string | null;
  api_key_header: "authorization" | "api-key";
  key_hint: string;
  status: "available" | "unreadable";
  model_count: number;
  created_at: string;
  updated_at: string;
}

export interface AiProviders {
  instance: AiInstanceProvider[];
  credentials: AiCredential[];
  encryption_key_configured: boolean;
}

export interface AiCredentialInput {
  provider: AiCredentialKind;
  label: string;
  base_url?: string | null;
  region?: string | null;
  api_key_header?: "authorization" | "api-key";
  api_key?: string;
  access_key_id?: string;
  secret_access_key?: string;
}

export interface AiModel {
  ref: string;
  provider: string;
  model_id: string;
  kind: "language" | "embedding";
  label: string;
  input_usd_per_mtok: number;
  output_usd_per_mtok: number;
  context_tokens: number;
  enabled: boolean;
  source: "built_in" | "instance" | "org";
  overrides_default: boolean;
  available: boolean;
}

export type AiModelInput = Omit<AiModel, "ref" | "source" | "overrides_default" | "available">;

export interface AiRoute {
  task: AiTask;
  kind: "language" | "embedding";
  model_refs: string[] | null;
  updated_at: string | null;
  effective: {
    source: "org" | "instance";
    model_refs: string[];
    skipped: { ref: string; reason: string }[];
  };
}

export interface AiBudget {
  month: string;
  monthly_limit_usd: number | null;
  user_monthly_limit_usd: number | null;
  alert_percent: number;
  spent_this_month_usd: number;
  users: {
    user_id: string;
    name: string | null;
    email: string | null;
    monthly_limit_usd: number;
    spent_this_month_usd: number;
    updated_at: string;
  }[];
}

export interface AiSettings {
  sanitiser_enabled: boolean;
  glossary: string[];
  transcript_retention_days: number | null;
  rate_limit_per_minute: number | null;
  response_cache_ttl_seconds: number;
  defaults: { transcript_retention_days: number; rate_limit_per_minute: number };
}

export type AiSettingsInput = Omit<AiSettings, "defaults">;

export interface AiUsageAggregate {
  calls: number;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  errors: number;
  fallbacks: number;
  cache_hits: number;
  error_rate: number;
  fallback_rate: number;
  cache_hit_rate: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}

export interface AiUsageSummary {
  totals: AiUsageAggregate;
  by_model: (AiUsageAggregate & { key: string })[];
  by_user: (AiUsageAggregate & { key: string; user_name: string | null; user_email: string | null })[];
  by_feature: (AiUsageAggregate & { key: string })[];
  by_task: (AiUsageAggregate & { key: string })[];
}

export interface AiUsagePoint extends AiUsageAggregate {
  bucket: string;
  key: string | null;
}

export interface AiInteraction {
  id: string;
  user_id: string | null;
  user_name: string | null;
  feature: string;
  task: string;
  provider: string;
  model: string;
  streamed: boolean;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  time_to_first_token_ms: number | null;
  status: "success" | "error" | "aborted";
  error_code: string | null;
  error_message: string | null;
  cache_hit: boolean;
  fallback_used: boolean;
  offline: boolean;
  attempts: unknown;
  session_id: string | null;
  created_at: string;
}

export interface AiBreaker {
  key: string;
  ref: string;
  status: string;
  retry_at: string | null;
}

export interface AiAnswer {
  interaction_id: string;
  provider: string;
  model: string;
  ref: string;
  /** Answered by Cairn's offline model, without an LLM. */
  offline: boolean;
  fallback_used: boolean;
  cached: boolean;
}

export interface AiCallUsage {
  status: "success" | "error" | "aborted";
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  time_to_first_token_ms: number | null;
}

export interface AiPlaygroundResult {
  text: string;
  answer: AiAnswer;
  usage: AiCallUsage;
}

/** One line of `POST /ai/playground/stream`. */
export type AiPlaygroundLine =
  | { type: "meta"; answer: AiAnswer }
  | { type: "content"; text: string }
  | { type: "done"; usage: AiCallUsage }
  | { type: "error"; message: string; usage?: AiCallUsage };
