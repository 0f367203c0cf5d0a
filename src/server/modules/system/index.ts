export { instanceRoutes, probeRoutes } from "./system.routes";
export { createSystemService, type SystemService } from "./system.service";
