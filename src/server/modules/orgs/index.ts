export type { Org } from "./orgs.queries";
export { createOrgsService, DEMO_ORG, type OrgsService } from "./orgs.service";
