import type { Resolvers, StaffGrant } from "../generated/graphql.ts";
import { parseInput } from "../errors.ts";
import { grantInput, revokeInput, toStaffRole } from "./staff.rules.ts";
import type { StaffGrantRow } from "./staff.store.ts";

const toGrant = (row: StaffGrantRow): StaffGrant => ({ ...row, active: row.revokedAt === null });

export const staffResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, { caller, province }) => ({ subject: caller.subject, province: province.code, role: toStaffRole(caller.role) }),
    staff: async (_parent, { includeRevoked }, { stores }) => (await stores.staff.list({ includeRevoked: includeRevoked ?? false })).map(toGrant),
  },
  Mutation: {
    grantStaffRole: async (_parent, { input }, { stores, caller, clock }) => {
      const { subject, role } = parseInput(grantInput, input);
      return toGrant(await stores.staff.grant({ subject, role, by: caller.subject, at: clock.now() }));
    },
    revokeStaffRole: async (_parent, { input }, { stores, caller, clock }) => {
      const { subject } = parseInput(revokeInput, input);
      return toGrant(await stores.staff.revoke({ subject, by: caller.subject, at: clock.now() }));
    },
  },
};
