export type { AppEnv, OrgScope, RequestScope } from "./context";
export { dataEnvelope, errorSchema, type PageMeta, pageEnvelope, pageMetaSchema } from "./envelope";
export { AppError, ERROR_STATUS, type ErrorCode, fromDatabaseError } from "./errors";
export {
  type PageRequest,
  type PaginationQuery,
  pageMeta,
  paginationQuerySchema,
  toPageRequest,
} from "./pagination";
export { commonErrorResponses, jsonResponse } from "./responses";
export { createRouter, jsonBody, type Router } from "./router";
export {
  emailSchema,
  idParams,
  iso,
  isoOrNull,
  nameSchema,
  orgRoleSchema,
  timestampSchema,
  uuidSchema,
} from "./schemas";
