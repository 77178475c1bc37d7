import type { TeamRole } from "@regional/schema";
import type { PrismaClient } from "../db/database.ts";
import type { StaffGrant } from "../generated/prisma/client.ts";
import { illegal } from "../errors.ts";
import { changeRefusal, toStaffRole, toTeamRole, type StaffRoleName } from "./staff.rules.ts";

export type StaffGrantRow = StaffGrant;

export interface StaffChange {
  subject: string;
  /** The coordinator making the change. */
  by: string;
  at: Date;
}

export interface StaffStore {
  /** The role the registry grants this subject now; null when none. */
  activeRole(subject: string): Promise<TeamRole | null>;
  list(options: { includeRevoked: boolean }): Promise<StaffGrantRow[]>;
  grant(change: StaffChange & { role: StaffRoleName }): Promise<StaffGrantRow>;
  revoke(change: StaffChange): Promise<StaffGrantRow>;
  /** Grants each listed role to a subject the registry has never seen; returns the subjects granted. */
  bootstrap(entries: readonly { subject: string; role: TeamRole }[], at: Date): Promise<string[]>;
}

/** Every change to the registry takes this lock, so "is this the last coordinator?" has one answer. */
const STAFF_LOCK = 4_202_650;

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

async function lockRegistry(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${STAFF_LOCK}::int)`;
}

const activeCoordinators = (tx: Tx) => tx.staffGrant.count({ where: { role: "COORDINATOR", revokedAt: null } });

export function prismaStaffStore(prisma: PrismaClient): StaffStore {
  return {
    activeRole: async (subject) => {
      const grant = await prisma.staffGrant.findFirst({ where: { subject, revokedAt: null }, select: { role: true } });
      return grant ? toTeamRole(grant.role) : null;
    },

    list: ({ includeRevoked }) =>
      prisma.staffGrant.findMany({
        where: includeRevoked ? {} : { revokedAt: null },
        orderBy: [{ subject: "asc" }, { grantedAt: "desc" }, { id: "asc" }],
      }),

    grant: ({ subject, role, by, at }) =>
      prisma.$transaction(async (tx) => {
        await lockRegistry(tx);
        const current = await tx.staffGrant.findFirst({ where: { subject, revokedAt: null } });
        if (current?.role === role) return current; // already so: granting again changes nothing
        const refusal = changeRefusal(current?.role ?? null, role, await activeCoordinators(tx));
        if (refusal) throw illegal(refusal.rule, refusal.reason, refusal.field);
        if (current) await tx.staffGrant.update({ where: { id: current.id }, data: { revokedAt: at, revokedBy: by } });
        return tx.staffGrant.create({ data: { subject, role, grantedBy: by, grantedAt: at } });
      }),

    revoke: ({ subject, by, at }) =>
      prisma.$transaction(async (tx) => {
        await lockRegistry(tx);
        const current = await tx.staffGrant.findFirst({ where: { subject, revokedAt: null } });
        const refusal = changeRefusal(current?.role ?? null, null, await activeCoordinators(tx));
        if (refusal || !current) throw illegal(refusal!.rule, refusal!.reason, refusal!.field);
        return tx.staffGrant.update({ where: { id: current.id }, data: { revokedAt: at, revokedBy: by } });
      }),

    bootstrap: (entries, at) =>
      prisma.$transaction(async (tx) => {
        await lockRegistry(tx);
        const granted: string[] = [];
        for (const { subject, role } of entries) {
          // Only subjects never seen: a coordinator's later revocation survives restarts.
          if (await tx.staffGrant.findFirst({ where: { subject }, select: { id: true } })) continue;
          await tx.staffGrant.create({ data: { subject, role: toStaffRole(role), grantedBy: "bootstrap", grantedAt: at } });
          granted.push(subject);
        }
        return granted;
      }),
  };
}
