import type { Executor } from "../../db";
import type { OrgScope } from "../../http";
import type { GroupsService } from "../groups";
import type { MembersService } from "../members";
import { canSee, type GoalsContext, requireKeyResult, requireObjective, requireTask } from "./context";
import { type AccessName, accessName } from "./objectives.queries";

export type GoalTargetType = "objective" | "key_result" | "task";

export interface GoalTarget {
  type: GoalTargetType;
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  ownerId: string;
  /** The caller's access to the objective the target belongs to. */
  access: AccessName;
  /** Path in the web app that opens the target. */
  link: string;
}

/**
 * Objectives, key results and tasks as things other modules attach to (comments): resolved
 * under the same access rules as the goals endpoints, inside the caller's transaction.
 */
export function createGoalTargets(
  deps: { groups: GroupsService; members: MembersService },
  context: GoalsContext,
) {
  return {
    /** The target as the caller sees it: 404 if they cannot see it (or it is deleted). */
    async resolve(tx: Executor, scope: OrgScope, type: GoalTargetType, id: string): Promise<GoalTarget> {
      const viewer = await context.viewerOf(tx, scope);
      if (type === "objective") {
        const objective = await requireObjective(tx, scope, viewer, id, "view");
        return {
          type,
          id,
          title: objective.title,
          objectiveId: objective.id,
          objectiveTitle: objective.title,
          ownerId: objective.ownerId,
          access: accessName(objective.accessLevel)!,
          link: `/goals?objective=${objective.id}`,
        };
      }
      if (type === "key_result") {
        const { keyResult, objective } = await requireKeyResult(tx, scope, viewer, id, "view");
        return {
          type,
          id,
          title: keyResult.title,
          objectiveId: objective.id,
          objectiveTitle: objective.title,
          ownerId: objective.ownerId,
          access: accessName(objective.accessLevel)!,
          link: `/goals?objective=${objective.id}&key_result=${keyResult.id}`,
        };
      }
      const { task, objective } = await requireTask(tx, scope, viewer, id, "view");
      return {
        type,
        id,
        title: task.title,
        objectiveId: objective.id,
        objectiveTitle: objective.title,
        ownerId: objective.ownerId,
        access: accessName(objective.accessLevel)!,
        link: `/goals?objective=${objective.id}&task=${task.id}`,
      };
    },

    /** Whether someone else may use Goals and see an objective (only they are notified of mentions). */
    canSee: (tx: Executor, orgId: string, objectiveId: string, userId: string) =>
      canSee(tx, deps, orgId, objectiveId, userId),
  };
}

export type GoalTargets = ReturnType<typeof createGoalTargets>;
