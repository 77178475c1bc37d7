export * from "./keys.ts";
export * from "./tokens.ts";
export * from "./errors.ts";
