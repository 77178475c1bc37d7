import { bearerToken, forbidden, TokenRejected, unauthenticated, verifyToken, type Actor, type TrustedIssuer } from "@regional/auth";
import { isTeamRole, type Province, type TeamRole } from "@regional/schema";

/** Who a province service trusts and as what; built from configuration by run.ts (or by tests). */
export interface ProvinceAuth {
  /** The province team's identity provider: its tokens, and only its, open the operational API. */
  team: TrustedIssuer;
  /** The gateway's service identity: its tokens, and only its, open the federation API. */
  gateway: TrustedIssuer;
  operationalAudience: string;
  federationAudience: string;
  /** Put on the staff registry at start when the registry has never seen them. */
  staffBootstrap: readonly { subject: string; role: TeamRole }[];
  /** Wall clock for token lifetimes (not the programme's clock, which tests fix to a date). */
  now?: () => Date;
}

/** The verified claims of a team member's token, before the staff registry is consulted. */
export interface TeamToken {
  subject: string;
  role: TeamRole;
}

async function verified(header: string | undefined, issuer: TrustedIssuer, audience: string, now: (() => Date) | undefined) {
  try {
    return await verifyToken(bearerToken(header), { issuers: [issuer], audience, ...(now ? { now } : {}) });
  } catch (error) {
    if (error instanceof TokenRejected) throw unauthenticated(error.reason, error.message);
    throw error;
  }
}

/** A token of this province's team for its operational API, or UNAUTHENTICATED / FORBIDDEN. */
export async function authenticateTeam(auth: ProvinceAuth, province: Province, header: string | undefined): Promise<TeamToken> {
  const token = await verified(header, auth.team, auth.operationalAudience, auth.now);
  // The team issuer vouches for the province; a token naming another one is not one of ours.
  if (token.province !== province.code) throw unauthenticated("bad-claims", `the token is not for province ${province.code}`);
  if (!isTeamRole(token.role)) throw forbidden("role", `role ${token.role} has no access to a province's operational API`);
  return { subject: token.subject, role: token.role };
}

/** The gateway's service token for this province's federation API; `act` says on whose behalf. */
export async function authenticateGateway(auth: ProvinceAuth, header: string | undefined): Promise<{ subject: string; act: Actor | undefined }> {
  const token = await verified(header, auth.gateway, auth.federationAudience, auth.now);
  if (token.role !== "gateway") throw forbidden("role", "only the gateway's service identity may use the federation API");
  return { subject: token.subject, act: token.act };
}
