import type { FieldIssue } from "@shared/api";
import { isApiError } from "./api";

function isFieldIssue(value: unknown): value is FieldIssue {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as FieldIssue).path === "string" &&
    typeof (value as FieldIssue).message === "string"
  );
}

/** Per-field messages from a VALIDATION_ERROR envelope, keyed by path ("email", "role", ...). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error) || !Array.isArray(error.details)) return {};
  const errors: Record<string, string> = {};
  for (const issue of error.details) {
    if (!isFieldIssue(issue)) continue;
    const key = issue.path || "_";
    if (!errors[key]) errors[key] = sentence(issue.message);
  }
  return errors;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** better-auth's own code for an auth failure (INVALID_EMAIL_OR_PASSWORD, WEAK_PASSWORD, ...). */
export function authCodeOf(error: unknown): string | null {
  if (!isApiError(error)) return null;
  const details = error.details as { code?: unknown } | null;
  return details && typeof details === "object" && typeof details.code === "string" ? details.code : null;
}

/**
 * The message to show above a form. Field problems are shown on their fields, so when every
 * problem has a field this only says to look there; `handled` lists the fields the form shows.
 */
export function formErrorOf(error: unknown, handled: string[] = []): string | null {
  if (!error) return null;
  if (!isApiError(error)) return error instanceof Error ? error.message : "Something went wrong. Try again.";
  const fields = Object.keys(fieldErrorsOf(error));
  if (fields.length > 0) {
    const unshown = fields.filter((field) => !handled.includes(field));
    if (unshown.length === 0) return null;
    return fields.length === 1
      ? (fieldErrorsOf(error)[unshown[0]!] ?? error.message)
      : "Check the highlighted fields.";
  }
  if (error.status >= 500) return "The server could not do that just now. Try again in a moment.";
  return error.message;
}
