import { z } from "@hono/zod-openapi";
import { ERROR_CODES } from "./errors";

export const pageMetaSchema = z
  .object({
    page: z.number().int().openapi({ example: 1 }),
    per_page: z.number().int().openapi({ example: 20 }),
    total: z.number().int().openapi({ example: 135 }),
  })
  .openapi("PageMeta");

export const errorSchema = z
  .object({
    error: z.enum(ERROR_CODES).openapi({ example: "VALIDATION_ERROR" }),
    message: z.string().openapi({ example: "The request is invalid" }),
    details: z.unknown().openapi({ example: [{ path: "name", message: "Required" }] }),
    correlation_id: z.string().openapi({ example: "0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90" }),
  })
  .openapi("Error");

/** `{ data }` around a single resource. */
export const dataEnvelope = <T extends z.ZodType>(data: T) => z.object({ data });

/** `{ data: [...], meta: { page, per_page, total } }` around a page of resources. */
export const pageEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), meta: pageMetaSchema });

export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
}
