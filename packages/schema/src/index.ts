export * from "./provinces.ts";
export * from "./enums.ts";
export * from "./federation.ts";
