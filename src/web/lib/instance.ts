import type { DatabaseKind, InstanceInfo } from "@shared/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api";

export const instanceQuery = queryOptions({
  queryKey: ["instance"],
  queryFn: ({ signal }) => api.get<InstanceInfo>("/instance", { signal }),
  staleTime: 5 * 60_000,
});

/** Public facts about this installation: name, version, database kind, demo org. */
export function useInstance() {
  return useQuery(instanceQuery);
}

export const DATABASE_LABELS: Record<DatabaseKind, string> = {
  pglite: "PGlite",
  postgres: "PostgreSQL",
};
