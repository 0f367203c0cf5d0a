export * from "./chat-context";
export * from "./dashboard";
export * from "./indicator";
export * from "./items";
export * from "./project";
export * from "./risk";
