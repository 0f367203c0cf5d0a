export { meRoutes } from "./me.routes";
export { createMeService, type MeService } from "./me.service";
