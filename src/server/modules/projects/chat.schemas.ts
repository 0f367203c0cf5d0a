import { z } from "@hono/zod-openapi";

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
      .openapi({ description: "Earlier turns of the conversation, oldest first" }),
    session_id: z.uuid().optional().openapi({
      description:
        "The conversation this question belongs to, kept as one transcript: send back the x-session-id of the first answer",
    }),
  })
  .openapi("ProjectChatInput");
