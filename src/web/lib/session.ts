import { canInOrg, type OrgAction, type OrgRole } from "@core/permissions";
import type { Me } from "@shared/api";
import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import { api, isApiError, send } from "./api";

export const meQueryKey = ["me"] as const;

/** The signed-in person, or null when nobody is (the API answers 401). */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: async ({ signal }): Promise<Me | null> => {
    // better-auth answers 200 with null for a visitor, where /me would answer 401 (a red line in
    // the browser console on every public page).
    const session = await send("/api/auth/get-session", { signal });
    if (!session) return null;
    try {
      return await api.get<Me>("/me", { signal });
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

export interface Session {
  me: Me;
  user: Me["user"];
  activeOrg: (Me["orgs"][number] & { role: OrgRole }) | null;
  role: OrgRole | null;
  /** What the current role may do in the active org. The server decides; this only hides buttons. */
  can: (action: OrgAction) => boolean;
}

export function toSession(me: Me): Session {
  const role = me.active_org?.role ?? null;
  const org = me.active_org ? me.orgs.find((candidate) => candidate.id === me.active_org?.id) : undefined;
  return {
    me,
    user: me.user,
    activeOrg: org ? { ...org, role: me.active_org!.role } : null,
    role,
    can: (action) => (role ? canInOrg(role, action) : false),
  };
}

/**
 * The signed-in person inside the app shell, which only renders once /me answered with someone.
 * Throws if used outside it.
 */
export function useSession(): Session {
  const { data } = useMe();
  if (!data) throw new Error("useSession() needs a signed-in person; use it inside the app shell");
  return toSession(data);
}

/** Where to go after sign-in: only paths on this site, never another origin. */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return fallback;
  if (target.startsWith("/api/")) return fallback;
  return target;
}

/** Forgets everything cached for the previous person or org, keeping public instance facts. */
export function forgetPrivateData(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "instance" });
}
