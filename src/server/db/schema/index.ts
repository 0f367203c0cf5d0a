export * from "./ai";
export * from "./audit";
export * from "./auth";
export * from "./identity";
export * from "./orgs";
