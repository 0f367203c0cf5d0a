import type { Group } from "@shared/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dismissToast, toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { useRef } from "react";

/** Deletes a group (it goes to the bin) and offers Undo, which restores it. */
export function useDeleteGroup(options: { onDeleted?: () => Promise<unknown> } = {}) {
  const queryClient = useQueryClient();
  const undoToast = useRef<number | null>(null);
  const restore = useMutation({
    mutationFn: (group: Pick<Group, "id" | "name">) => api.post<Group>(`/groups/${group.id}/restore`),
    onSuccess: async (group) => {
      if (undoToast.current !== null) dismissToast(undoToast.current);
      toast.success(`${group.name} is back`);
      await queryClient.invalidateQueries({ queryKey: ["groups"] });
    },
    onError: (error) => toast.error("Could not restore the group", { description: formErrorOf(error) }),
  });
  const remove = useMutation({
    mutationFn: (group: Pick<Group, "id" | "name">) => api.delete(`/groups/${group.id}`),
    onSuccess: async (_, group) => {
      undoToast.current = toast.success(`${group.name} deleted`, {
        description: "It's in the Deleted tab if you change your mind.",
        action: { label: "Undo", onClick: () => restore.mutate(group) },
      });
      // Leave a deleted group's page before the lists refetch, so its 404 is never asked for.
      await options.onDeleted?.();
      await queryClient.invalidateQueries({ queryKey: ["groups"] });
    },
    onError: (error) => toast.error("Could not delete the group", { description: formErrorOf(error) }),
  });
  return { remove, restore };
}
