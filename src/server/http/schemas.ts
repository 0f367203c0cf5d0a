import { z } from "@hono/zod-openapi";
import { ORG_ROLES } from "../../core/permissions";

export const uuidSchema = z.uuid({ error: "must be a UUID" });
export const idParams = z.object({ id: uuidSchema.openapi({ param: { name: "id", in: "path" } }) });
export const timestampSchema = z
  .string()
  .openapi({ format: "date-time", example: "2026-01-15T09:30:00.000Z" });
export const orgRoleSchema = z.enum(ORG_ROLES).openapi("OrgRole");
export const emailSchema = z
  .email({ error: "must be an email address" })
  .max(254)
  .transform((email) => email.trim().toLowerCase());
export const nameSchema = (max = 120) => z.string().trim().min(1, { error: "is required" }).max(max);

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);
