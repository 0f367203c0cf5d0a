import { z } from "@hono/zod-openapi";
import { paginationQuerySchema, timestampSchema, uuidSchema } from "../../http";
import { amountSchema, isoDateSchema, projectParams } from "./projects.schemas";

const money = z.number().openapi({ description: "In the project's currency" });
const nullableMoney = money.nullable();

export const budgetQuery = z.object({
  as_of: isoDateSchema.optional().openapi({ description: "Default: today (UTC)" }),
});

export const budgetReportSchema = z
  .object({
    currency: z.string(),
    as_of: z.string(),
    budget_total: nullableMoney,
    burn_to_date: money,
    remaining: nullableMoney,
    percent_spent: z.number().nullable(),
    weekly_burn_rate: money.openapi({ description: "Average of the 4 weeks ending with the as-of week" }),
    remaining_weeks: z.number().int().nullable(),
    forecast_at_completion: nullableMoney.openapi({
      description: "Burn to date + burn rate × remaining weeks",
    }),
    variance_at_completion: nullableMoney.openapi({
      description: "Budget − forecast; negative is an overrun",
    }),
    planned_to_date: nullableMoney,
    variance_to_date: nullableMoney.openapi({ description: "Planned − burned; negative is ahead of plan" }),
    burn_series: z.array(
      z.object({
        week_start: z.string(),
        planned: nullableMoney,
        actual: nullableMoney,
        forecast: nullableMoney,
      }),
    ),
    unrated_hours: z.array(
      z.object({
        user_id: z.string(),
        name: z.string().nullable(),
        week_start: z.string(),
        hours: z.number(),
      }),
    ),
  })
  .openapi("ProjectBudget");

export const rateCardSchema = z
  .object({
    id: z.string(),
    user: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    role_name: z.string().nullable(),
    hourly_rate: money,
    effective_from: z.string().nullable(),
    updated_at: timestampSchema,
  })
  .openapi("RateCard");

export const createRateCardInput = z
  .strictObject({
    user_id: uuidSchema.optional(),
    role_name: z.string().trim().min(1).max(100).optional(),
    hourly_rate: amountSchema(1_000_000),
    effective_from: isoDateSchema.nullable().optional(),
  })
  .openapi("RateCardInput");

export const updateRateCardInput = z
  .strictObject({
    hourly_rate: amountSchema(1_000_000).optional(),
    effective_from: isoDateSchema.nullable().optional(),
  })
  .openapi("RateCardPatch");

export const rateCardParams = projectParams.extend({
  cardId: uuidSchema.openapi({ param: { name: "cardId", in: "path" } }),
});

export const timesheetEntrySchema = z
  .object({
    id: z.string(),
    user: z.object({ id: z.string(), name: z.string().nullable() }),
    week_start: z.string(),
    hours: z.number(),
    item: z.object({ id: z.string(), code: z.string(), title: z.string() }).nullable(),
    note: z.string(),
    updated_at: timestampSchema,
  })
  .openapi("TimesheetEntry");

export const listTimesheetsQuery = paginationQuerySchema.extend({
  user_id: uuidSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

export const weekParams = projectParams.extend({
  userId: uuidSchema.openapi({ param: { name: "userId", in: "path" } }),
  weekStart: isoDateSchema.openapi({ param: { name: "weekStart", in: "path" }, description: "A Monday" }),
});

export const saveWeekInput = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          item_id: uuidSchema.nullable().optional(),
          hours: amountSchema(168).refine((hours) => hours > 0, { error: "must be more than 0" }),
          note: z.string().max(1000).optional(),
        }),
      )
      .max(100),
  })
  .openapi("TimesheetWeekInput");
