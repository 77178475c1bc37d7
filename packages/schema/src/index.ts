export * from "./provinces.ts";
export * from "./enums.ts";
export * from "./federation.ts";
export * from "./env.ts";
export * from "./identity.ts";
export * from "./scalars.ts";
export * from "./transfers.ts";
