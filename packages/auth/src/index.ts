export * from "./keys.ts";
export * from "./tokens.ts";
