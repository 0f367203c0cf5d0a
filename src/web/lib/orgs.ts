import type { MyOrganization, Organization } from "@shared/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { api } from "./api";
import { meQuery } from "./session";

/**
 * Makes another org the one this browser session acts in, then refetches everything: every
 * cached list belonged to the previous org.
 */
export function useSwitchOrg() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (orgId: string) =>
      api.post<{ id: string; role: string }>("/me/active-org", { org_id: orgId }),
    onSuccess: async () => {
      // A page about one org's record (a group) means nothing in the next org.
      const path = router.state.location.pathname;
      if (/^\/settings\/groups\/.+/.test(path)) await router.navigate({ to: "/settings/groups" });
      await queryClient.invalidateQueries();
    },
  });
}

export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<Organization>("/orgs", { name }),
    onSuccess: async () => {
      // The new org becomes the active one on the server; everything cached was about the old one.
      await queryClient.invalidateQueries();
      await queryClient.fetchQuery(meQuery);
    },
  });
}

export type { MyOrganization };
