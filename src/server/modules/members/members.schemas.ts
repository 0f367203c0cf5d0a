import { z } from "@hono/zod-openapi";
import { orgRoleSchema, paginationQuerySchema, timestampSchema, uuidSchema } from "../../http";

export const memberSchema = z
  .object({
    user_id: z.string(),
    name: z.string(),
    email: z.string(),
    image: z.string().nullable(),
    role: orgRoleSchema,
    joined_at: timestampSchema,
  })
  .openapi("Member");

export const listMembersQuery = paginationQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
  role: orgRoleSchema.optional(),
});

export const userIdParams = z.object({
  userId: uuidSchema.openapi({ param: { name: "userId", in: "path" } }),
});

export const updateMemberSchema = z.strictObject({ role: orgRoleSchema }).openapi("UpdateMember");
export const transferOwnershipSchema = z.strictObject({ user_id: uuidSchema }).openapi("TransferOwnership");
