export type { Org } from "./orgs.queries";
export { orgsRoutes } from "./orgs.routes";
export { createOrgsService, DEMO_ORG, type OrgsService } from "./orgs.service";
