import { useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback } from "react";
import { useGoalTree } from "./goals-api";

/** What the goals pages keep in the URL: the cycle, and what is open (shareable links, notifications). */
export interface GoalsSearch {
  cycle?: string;
  objective?: string;
  key_result?: string;
  task?: string;
  comment?: string;
}

const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);

export function validateGoalsSearch(search: Record<string, unknown>): GoalsSearch {
  return {
    cycle: text(search.cycle),
    objective: text(search.objective),
    key_result: text(search.key_result),
    task: text(search.task),
    comment: text(search.comment),
  };
}

export function useGoalsSearch(): GoalsSearch {
  return useSearch({ strict: false }) as GoalsSearch;
}

/** Changes some search params of the current goals page, keeping the rest. */
export function useSetGoalsSearch() {
  const navigate = useNavigate();
  return useCallback(
    (patch: Partial<GoalsSearch>, options: { replace?: boolean } = {}) =>
      navigate({
        to: ".",
        search: (previous: Record<string, unknown>) => ({ ...previous, ...patch }),
        replace: options.replace,
      } as never),
    [navigate],
  );
}

/** The tree of the cycle in the URL (the running cycle when none is chosen). */
export function useCurrentTree() {
  return useGoalTree(useGoalsSearch().cycle);
}
