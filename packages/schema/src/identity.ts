import type { ProvinceCode } from "./provinces.ts";

/**
 * Who may call what: the names of the token issuers, audiences and roles. These are the
 * development defaults; in production every issuer and audience can be set through the
 * environment (env.ts), keys always are.
 */

/** Province-scoped roles: an operator works on cases, a coordinator also runs structures and staff. */
export const TEAM_ROLES = ["operator", "coordinator"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** The capofila reads regional figures; the gateway is a service identity, never a person. */
export const ROLES = [...TEAM_ROLES, "capofila", "gateway"] as const;
export type Role = (typeof ROLES)[number];

export function isTeamRole(value: unknown): value is TeamRole {
  return (TEAM_ROLES as readonly unknown[]).includes(value);
}

/** Keys whose id starts with this were generated on a developer's machine; production refuses them. */
export const DEV_KEY_ID_PREFIX = "dev-";

/** Issuer of a province team's tokens (the province's identity provider). */
export const teamIssuer = (province: ProvinceCode): string => `regional-${province.toLowerCase()}-team`;
export const CAPOFILA_ISSUER = "regional-capofila";
/** The gateway's service identity: it signs the tokens it sends to the provinces' federation APIs. */
export const GATEWAY_ISSUER = "regional-gateway";

/** Audience of a province's operational API (its own team only). */
export const operationalAudience = (province: ProvinceCode): string => `regional-${province.toLowerCase()}-operational`;
/** Audience of a province's federation API (the gateway only). */
export const federationAudience = (province: ProvinceCode): string => `regional-${province.toLowerCase()}-federation`;
/** Audience of the gateway's public endpoint (capofila and the province teams). */
export const GATEWAY_AUDIENCE = "regional-gateway-api";

/** Development subjects that the services put on their staff registry at first start (outside production). */
export const DEV_STAFF = [
  { subject: "dev-coordinator", role: "coordinator" },
  { subject: "dev-operator", role: "operator" },
] as const satisfies readonly { subject: string; role: TeamRole }[];
