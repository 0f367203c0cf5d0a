import { z } from "@hono/zod-openapi";
import type { PageMeta } from "./envelope";

export const MAX_PER_PAGE = 100;

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ example: 1 }),
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(20).openapi({ example: 20 }),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export interface PageRequest {
  limit: number;
  offset: number;
}

export function toPageRequest(query: PaginationQuery): PageRequest {
  return { limit: query.per_page, offset: (query.page - 1) * query.per_page };
}

export function pageMeta(query: PaginationQuery, total: number): PageMeta {
  return { page: query.page, per_page: query.per_page, total };
}
