export * from "./coach";
export * from "./cycles";
export * from "./health";
export * from "./limits";
export * from "./progress";
export * from "./scoring";
export * from "./tree";
