import { z } from "@hono/zod-openapi";
import { timestampSchema, uuidSchema } from "../../http";
import { itemTypeSchema, projectParams } from "./projects.schemas";

export const MAX_QUESTION_CHARS = 4000;
export const MAX_HISTORY_TURNS = 20;

export const chatInput = z
  .strictObject({
    question: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
    history: z
      .array(
        z.strictObject({
          role: z.enum(["user", "assistant"]),
          content: z.string().max(MAX_QUESTION_CHARS * 4),
        }),
      )
      .max(MAX_HISTORY_TURNS)
      .default([])
      .openapi({
        description:
          "Earlier turns, oldest first, to start a new saved conversation with (not with session_id)",
      }),
    session_id: z.uuid().optional().openapi({
      description:
        "Your saved conversation this question continues (its turns are the history), as listed under chat/sessions or sent back in x-session-id; without it a new one is saved",
    }),
  })
  .refine((input) => !(input.session_id && input.history.length > 0), {
    path: ["history"],
    error: "a saved conversation brings its own history: send session_id or history, not both",
  })
  .openapi("ProjectChatInput");

export const chatSessionParams = projectParams.extend({
  sessionId: uuidSchema.openapi({ param: { name: "sessionId", in: "path" } }),
});

export const chatSessionSchema = z
  .object({
    id: z.string(),
    title: z.string().openapi({ description: "Its first question, shortened" }),
    message_count: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("ProjectChatSession");

const citationSchema = z.object({ id: z.string(), ref: z.string(), title: z.string(), type: itemTypeSchema });

export const chatMessageSchema = z
  .object({
    id: z.string(),
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    citations: z.array(citationSchema),
    answered_by: z
      .object({ model: z.string(), provider: z.string(), offline: z.boolean(), fallback_used: z.boolean() })
      .nullable()
      .openapi({ description: "Answers: who answered; null for questions and answers that broke off" }),
    error: z.string().nullable().openapi({ description: "Answers that broke off or were stopped: why" }),
    created_at: timestampSchema,
  })
  .openapi("ProjectChatMessage");

export const chatSessionDetailSchema = chatSessionSchema
  .omit({ message_count: true })
  .extend({ messages: z.array(chatMessageSchema) })
  .openapi("ProjectChatSessionDetail");
