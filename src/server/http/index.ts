export type { AppEnv, RequestScope } from "./context";
export { dataEnvelope, errorSchema, type PageMeta, pageEnvelope, pageMetaSchema } from "./envelope";
export { AppError, ERROR_STATUS, type ErrorCode, fromDatabaseError } from "./errors";
export { type PaginationQuery, pageMeta, paginationQuerySchema, toPageRequest } from "./pagination";
export { commonErrorResponses, jsonResponse } from "./responses";
export { createRouter, jsonBody, type Router } from "./router";
