import type { z } from "@hono/zod-openapi";
import { errorSchema } from "./envelope";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorSchema } },
});

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrorResponses = {
  400: errorResponse("Invalid input"),
  401: errorResponse("Not signed in"),
  403: errorResponse("Signed in, but not allowed"),
  404: errorResponse("Not found, or not visible to you"),
  413: errorResponse("Body too large"),
  415: errorResponse("Wrong content type"),
  429: errorResponse("Rate limited"),
} as const;

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
