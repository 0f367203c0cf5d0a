import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { AppError } from "./errors";

export interface FieldProblem {
  path: string;
  message: string;
  code: string;
}

export function describeZodIssues(issues: z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        message: "Unknown field",
        code: issue.code,
      }));
    }
    return [{ path: base, message: issue.message, code: issue.code }];
  });
}

/** Every router is an OpenAPIHono whose validation failures become the error envelope. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const problems = describeZodIssues(result.error.issues);
        const [first] = problems;
        const where = result.target === "json" ? "" : ` in the ${result.target}`;
        throw new AppError("VALIDATION_ERROR", {
          message: first
            ? `${first.path || "value"}${where}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`
            : "The request is invalid",
          details: problems,
        });
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;

/** A JSON request body that must be present and match the schema. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { "application/json": { schema } },
  } as const;
}
