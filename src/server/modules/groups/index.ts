export { groupsRoutes } from "./groups.routes";
export { createGroupsService, type GroupsService } from "./groups.service";
