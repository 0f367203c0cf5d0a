/** Shapes of the HTTP API's envelopes, shared by the server's clients (the web app, e2e tests). */

export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
}

/** Every successful response: `{ data }`, plus `meta` on paginated lists. */
export interface DataEnvelope<T> {
  data: T;
  meta?: PageMeta;
}

/** Every error response, whatever the status. `error` is a code such as `VALIDATION_ERROR`. */
export interface ErrorEnvelope {
  error: string;
  message: string;
  details: unknown;
  correlation_id: string;
}

export type DatabaseKind = "pglite" | "postgres";

/** `GET /api/v1/instance`: public facts about this installation. */
export interface InstanceInfo {
  name: string;
  version: string;
  database: DatabaseKind;
  vector_search: boolean;
  demo_org: { name: string; slug: string } | null;
}
