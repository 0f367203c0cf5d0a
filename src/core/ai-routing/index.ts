export * from "./breaker";
export * from "./budget";
export * from "./catalog";
export * from "./cost";
export * from "./retry";
export * from "./routing";
export * from "./tasks";
