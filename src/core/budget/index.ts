export * from "./burn";
export * from "./money";
export * from "./rates";
