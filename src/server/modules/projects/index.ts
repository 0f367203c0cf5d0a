import type { AiGateway } from "../../ai";
import { createRouter } from "../../http";
import { budgetRoutes } from "./budget.routes";
import { createBudgetService } from "./budget.service";
import { chatRoutes } from "./chat.routes";
import { createChatService } from "./chat.service";
import type { ProjectsDeps } from "./deps";
import { exportRoutes } from "./exports.routes";
import { createExportsService } from "./exports.service";
import { importRoutes } from "./imports.routes";
import { createImportsService } from "./imports.service";
import { itemRoutes } from "./items.routes";
import { createItemsService } from "./items.service";
import { projectRoutes } from "./projects.routes";
import { createProjectsService } from "./projects.service";

export type { ProjectsDeps } from "./deps";
export { projectsJobs } from "./projects.jobs";

/** The Projects module's services, built together because they share one access model. */
export function createProjectsModule(deps: ProjectsDeps & { ai: AiGateway }) {
  const budget = createBudgetService(deps);
  return {
    projects: createProjectsService(deps),
    items: createItemsService(deps),
    budget,
    imports: createImportsService(deps),
    exports: createExportsService({ ...deps, budget }),
    chat: createChatService({ ...deps, budget }),
  };
}

export type ProjectsModule = ReturnType<typeof createProjectsModule>;

/** Every /projects endpoint: projects and members, items, budget, import, export and chat. */
export function projectsRoutes(module: ProjectsModule) {
  return createRouter()
    .route("/", projectRoutes(module.projects))
    .route("/", itemRoutes(module.items))
    .route("/", budgetRoutes(module.budget))
    .route("/", importRoutes(module.imports))
    .route("/", exportRoutes(module.exports))
    .route("/", chatRoutes(module.chat));
}
