export { type AiConfig, type AiEnv, aiConfigFromEnv, aiEnvSchema, loadAiConfig } from "./ai.config";
export { aiRoutes } from "./ai.routes";
export * from "./ai.schemas";
export { type AiService, createAiService } from "./ai.service";
export type { BreakerSnapshot } from "./breaker";
export type { BudgetAlert } from "./budget";
export { createBudgetAlertNotifier } from "./budget-alerts";
export { deleteExpiredResponses } from "./cache";
export {
  type AiGateway,
  type AiScope,
  type AnswerInfo,
  createAiGateway,
  type EmbedRequest,
  type GenerateResult,
  type InteractionSummary,
  type LanguageRequest,
  SESSION_HEADER,
  type StreamResult,
} from "./gateway";
export { aiMaintenanceJobs } from "./maintenance";
export {
  type Citation,
  type ContextDocument,
  createOfflineModel,
  type PreparedAnswer,
} from "./offline-provider";
export { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "./rate-limit";
export { type Ai, assertEncryptionKeyPresent, createAi } from "./setup";
export {
  createTranscriptStore,
  purgeExpiredTranscripts,
  type TranscriptEntry,
  type TranscriptStore,
} from "./transcripts";
