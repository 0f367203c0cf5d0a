export * from "./audit";
export * from "./orgs";
