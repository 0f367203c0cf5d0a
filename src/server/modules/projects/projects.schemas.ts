import { z } from "@hono/zod-openapi";
import { toHundredths } from "../../../core/budget";
import { isIsoDate } from "../../../core/calendar";
import { PROJECT_ACTIONS, PROJECT_ROLES } from "../../../core/permissions";
import {
  INDICATORS,
  ITEM_GROUPS,
  ITEM_STATUSES,
  ITEM_TYPES,
  LINK_KINDS,
  PRIORITIES,
  PROJECT_STATUSES,
  RISK_LEVELS,
  SEVERITIES,
} from "../../../core/raid";
import {
  idParams,
  nameSchema,
  pageMetaSchema,
  paginationQuerySchema,
  timestampSchema,
  uuidSchema,
} from "../../http";
import { ITEM_SORTS } from "./items.queries";

// Shared pieces ------------------------------------------------------------------------------

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { error: "must be a date in YYYY-MM-DD form" })
  .openapi({ format: "date", example: "2025-06-30" });

/** A non-negative amount with at most two decimals (money, hours). */
export const amountSchema = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine(
      (value) => {
        try {
          toHundredths(value);
          return true;
        } catch {
          return false;
        }
      },
      { error: "must have at most two decimals" },
    );

export const projectRoleSchema = z.enum(PROJECT_ROLES).openapi("ProjectRole");
export const itemTypeSchema = z.enum(ITEM_TYPES).openapi("ItemType");
export const itemStatusSchema = z.enum(ITEM_STATUSES).openapi("ItemStatus");
export const prioritySchema = z.enum(PRIORITIES).openapi("Priority");
export const severitySchema = z.enum(SEVERITIES).openapi("Severity");
export const indicatorSchema = z.enum(INDICATORS).openapi("Indicator");
export const linkKindSchema = z.enum(LINK_KINDS).openapi("ItemLinkKind");

/** Comma-separated values of an enum in a query string, e.g. `type=risk,issue`. */
export function csvOf(values: readonly string[], example: string) {
  const one = values.join("|");
  return z
    .string()
    .regex(new RegExp(`^(${one})(,(${one}))*$`), { error: `comma-separated values of: ${values.join(", ")}` })
    .optional()
    .openapi({ example });
}

export const splitCsv = <T extends string>(value: string | undefined) =>
  value === undefined ? undefined : (value.split(",") as T[]);

export const projectParams = idParams;
export const itemParams = idParams.extend({
  itemId: uuidSchema.openapi({ param: { name: "itemId", in: "path" } }),
});
export const memberParams = idParams.extend({
  userId: uuidSchema.openapi({ param: { name: "userId", in: "path" } }),
});

const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string() }).openapi("PersonRef");

// Projects ---------------------------------------------------------------------------------

export const projectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    client_name: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    start_date: z.string().nullable(),
    end_date: z.string().nullable(),
    budget_total: z.number().nullable().openapi({ description: "Null unless you may read the budget" }),
    currency: z.string(),
    my_role: projectRoleSchema,
    permissions: z.array(z.enum(PROJECT_ACTIONS)),
    deleted_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("Project");

const projectFields = {
  name: nameSchema(200),
  description: z.string().trim().max(20_000),
  client_name: z.string().trim().max(200).nullable(),
  status: z.enum(PROJECT_STATUSES),
  start_date: isoDateSchema.nullable(),
  end_date: isoDateSchema.nullable(),
  budget_total: amountSchema(1e11).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "must be an ISO 4217 code such as EUR" }),
};

export const createProjectInput = z
  .strictObject({
    name: projectFields.name,
    description: projectFields.description.optional(),
    client_name: projectFields.client_name.optional(),
    status: projectFields.status.optional(),
    start_date: projectFields.start_date.optional(),
    end_date: projectFields.end_date.optional(),
    budget_total: projectFields.budget_total.optional(),
    currency: projectFields.currency.optional(),
  })
  .openapi("ProjectInput");

export const updateProjectInput = createProjectInput.partial().openapi("ProjectPatch");

export const listProjectsQuery = paginationQuerySchema.extend({
  deleted: z.enum(["true", "false"]).optional().openapi({ description: "true lists the bin" }),
  status: z.enum(PROJECT_STATUSES).optional(),
  search: z.string().trim().min(1).max(200).optional(),
});

export const projectMemberSchema = z
  .object({
    user_id: z.string(),
    name: z.string(),
    email: z.string(),
    role: projectRoleSchema,
    billing_role: z.string().nullable(),
    added_at: timestampSchema,
  })
  .openapi("ProjectMember");

const billingRole = z.string().trim().min(1).max(100).nullable();
export const addMemberInput = z
  .strictObject({ user_id: uuidSchema, role: projectRoleSchema, billing_role: billingRole.optional() })
  .openapi("ProjectMemberInput");
export const updateMemberInput = z
  .strictObject({ role: projectRoleSchema.optional(), billing_role: billingRole.optional() })
  .openapi("ProjectMemberPatch");

// Items ------------------------------------------------------------------------------------

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,]+$/, { error: "cannot contain commas" });

const rating = z.number().int().min(1).max(5);

const itemFields = {
  title: z.string().trim().min(1, { error: "is required" }).max(300),
  description: z.string().max(20_000).openapi({ description: "Markdown" }),
  status: itemStatusSchema,
  priority: prioritySchema,
  assignee_id: uuidSchema.nullable(),
  start_date: isoDateSchema.nullable(),
  finish_date: isoDateSchema.nullable(),
  deadline: isoDateSchema.nullable(),
  percent_complete: z.number().int().min(0).max(100),
  tags: z.array(tagSchema).max(20),
  probability: rating.nullable().openapi({ description: "Risks only, 1-5" }),
  impact: rating.nullable().openapi({ description: "Risks only, 1-5" }),
  severity: severitySchema.nullable().openapi({ description: "Issues only" }),
  decision_date: isoDateSchema.nullable().openapi({ description: "Decisions only" }),
  rationale: z.string().max(20_000).nullable().openapi({ description: "Decisions only" }),
};

export const updateItemInput = z
  .strictObject(
    Object.fromEntries(Object.entries(itemFields).map(([key, schema]) => [key, schema.optional()])),
  )
  .openapi("ProjectItemPatch") as z.ZodType<{
  [K in keyof typeof itemFields]?: z.infer<(typeof itemFields)[K]>;
}>;

export const createItemInput = z
  .strictObject({
    type: itemTypeSchema,
    title: itemFields.title,
    ...Object.fromEntries(
      Object.entries(itemFields)
        .filter(([key]) => key !== "title")
        .map(([key, schema]) => [key, schema.optional()]),
    ),
  })
  .openapi("ProjectItemInput") as z.ZodType<
  { type: z.infer<typeof itemTypeSchema>; title: string } & {
    [K in Exclude<keyof typeof itemFields, "title">]?: z.infer<(typeof itemFields)[K]>;
  }
>;

export type ItemInputBody = { [K in keyof typeof itemFields]?: z.infer<(typeof itemFields)[K]> };

export const listItemsQuery = paginationQuerySchema.extend({
  type: csvOf(ITEM_TYPES, "risk,issue"),
  status: csvOf(ITEM_STATUSES, "open,in_progress"),
  priority: csvOf(PRIORITIES, "high,critical"),
  indicator: csvOf(INDICATORS, "late_finish,beyond_deadline"),
  assignee: z
    .union([uuidSchema, z.enum(["me", "none"])])
    .optional()
    .openapi({ description: "A user id, `me`, or `none` for unassigned items" }),
  tag: z
    .string()
    .max(400)
    .optional()
    .openapi({ description: "Comma-separated; items carrying every tag", example: "vendor,legal" }),
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Words in the title or description, part of a title, or a code such as R-12" }),
  from: isoDateSchema.optional().openapi({ description: "Items whose dates reach this day or later" }),
  to: isoDateSchema.optional().openapi({ description: "Items whose dates start this day or earlier" }),
  deleted: z.enum(["true", "false"]).optional().openapi({ description: "true lists the bin" }),
  sort: z
    .enum(ITEM_SORTS)
    .optional()
    .openapi({ description: "Default: relevance when searching, else code" }),
  order: z.enum(["asc", "desc"]).optional(),
  group: z.enum(ITEM_GROUPS).optional().openapi({
    description:
      "Rows come group by group (sorted by `sort` within each), and `meta.groups` counts every group over all pages",
  }),
});

export const itemSchema = z
  .object({
    id: z.string(),
    project_id: z.string(),
    code: z.string().openapi({ example: "R-12" }),
    type: itemTypeSchema,
    number: z.number().int(),
    title: z.string(),
    description: z.string(),
    status: itemStatusSchema,
    priority: prioritySchema,
    assignee: personSchema.nullable(),
    start_date: z.string().nullable(),
    finish_date: z.string().nullable(),
    deadline: z.string().nullable(),
    percent_complete: z.number().int(),
    completed_on: z.string().nullable(),
    indicator: indicatorSchema,
    tags: z.array(z.string()),
    probability: z.number().int().nullable(),
    impact: z.number().int().nullable(),
    risk_score: z.number().int().nullable(),
    risk_level: z.enum(RISK_LEVELS).nullable(),
    severity: severitySchema.nullable(),
    decision_date: z.string().nullable(),
    rationale: z.string().nullable(),
    created_by: z.string().nullable(),
    deleted_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .openapi("ProjectItem");

export const itemPageSchema = z.object({
  data: z.array(itemSchema),
  meta: pageMetaSchema
    .extend({
      groups: z
        .array(
          z.object({
            key: z.string().nullable().openapi({
              description: "The grouped value: a type, status, …, or a user id (null: unassigned)",
            }),
            count: z.number().int(),
          }),
        )
        .optional()
        .openapi({ description: "With `group`: every group's size over all pages, in the list's order" }),
    })
    .openapi("ProjectItemPageMeta"),
});

export const itemLinkSchema = z
  .object({
    id: z.string(),
    kind: linkKindSchema,
    direction: z.enum(["outgoing", "incoming"]).openapi({
      description: "outgoing: this item is the source (it became / depends on / relates to the other)",
    }),
    item: z.object({
      id: z.string(),
      code: z.string(),
      type: itemTypeSchema,
      title: z.string(),
      status: itemStatusSchema,
    }),
    created_at: timestampSchema,
  })
  .openapi("ProjectItemLink");

export const itemDetailSchema = itemSchema
  .extend({
    links: z.array(itemLinkSchema),
    comment_count: z.number().int(),
    attachment_count: z.number().int(),
    can_edit: z.boolean().openapi({ description: "Whether you may change this item (the team_member rule)" }),
  })
  .openapi("ProjectItemDetail");

export const addLinkInput = z
  .strictObject({ to_item_id: uuidSchema, kind: linkKindSchema })
  .openapi("ProjectItemLinkInput");

export const linkParams = itemParams.extend({
  linkId: uuidSchema.openapi({ param: { name: "linkId", in: "path" } }),
});

export const convertInput = z
  .strictObject({
    title: itemFields.title.optional(),
    severity: severitySchema.optional(),
    assignee_id: uuidSchema.nullable().optional(),
  })
  .openapi("ConvertRiskInput");

export const commentSchema = z
  .object({
    id: z.string(),
    author: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
    body: z.string().openapi({ description: "Markdown" }),
    created_at: timestampSchema,
  })
  .openapi("ProjectItemComment");

export const commentInput = z
  .strictObject({ body: z.string().trim().min(1, { error: "is required" }).max(20_000) })
  .openapi("ProjectItemCommentInput");

export const commentParams = itemParams.extend({
  commentId: uuidSchema.openapi({ param: { name: "commentId", in: "path" } }),
});

export const attachmentSchema = z
  .object({
    id: z.string(),
    file_name: z.string(),
    content_type: z.string(),
    size_bytes: z.number().int(),
    uploaded_by: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
    created_at: timestampSchema,
  })
  .openapi("ProjectItemAttachment");

export const attachmentParams = itemParams.extend({
  attachmentId: uuidSchema.openapi({ param: { name: "attachmentId", in: "path" } }),
});

export const uploadInput = z.object({
  file: z
    .instanceof(File, { error: "must be a file" })
    .openapi({ type: "string", format: "binary", description: "The file (multipart/form-data)" }),
});

export const signedUrlSchema = z
  .object({ url: z.string(), expires_at: timestampSchema })
  .openapi("SignedDownloadUrl");

const countsByIndicator = z.object(
  Object.fromEntries(INDICATORS.map((indicator) => [indicator, z.number().int()])),
);

export const dashboardSchema = z
  .object({
    as_of: z.string(),
    total: z.number().int(),
    by_indicator: countsByIndicator,
    by_type: z.object(Object.fromEntries(ITEM_TYPES.map((type) => [type, z.number().int()]))),
    by_assignee: z.array(
      z.object({
        user_id: z.string().nullable(),
        name: z.string().nullable(),
        total: z.number().int(),
        by_indicator: countsByIndicator,
      }),
    ),
    heat_map: z.object({
      cells: z.array(
        z.object({
          probability: z.number().int(),
          impact: z.number().int(),
          score: z.number().int(),
          level: z.enum(RISK_LEVELS),
          count: z.number().int(),
        }),
      ),
      rated: z.number().int(),
      unrated: z.number().int(),
    }),
  })
  .openapi("ProjectDashboard");

export const timelineSchema = z
  .object({
    as_of: z.string(),
    items: z.array(itemSchema),
    dependencies: z.array(z.object({ id: z.string(), from_item_id: z.string(), to_item_id: z.string() })),
    truncated: z.boolean(),
  })
  .openapi("ProjectTimeline");
