import type { TeamRole } from "@regional/schema";
import { z } from "zod";

/** Roles as the API and the database spell them. */
export type StaffRoleName = "OPERATOR" | "COORDINATOR";
export const toStaffRole = (role: TeamRole): StaffRoleName => (role === "coordinator" ? "COORDINATOR" : "OPERATOR");
export const toTeamRole = (role: StaffRoleName): TeamRole => (role === "COORDINATOR" ? "coordinator" : "operator");

/** A coordinator may do everything an operator may. */
export function covers(granted: TeamRole, needed: TeamRole): boolean {
  return granted === "coordinator" || needed === "operator";
}

/** A subject as identity providers issue them: printable, no surrounding spaces, at most 200 characters. */
export const subjectSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[^\p{Cc}\s,]+$/u, "must not contain spaces, commas or control characters");

export const grantInput = z.object({ subject: subjectSchema, role: z.enum(["OPERATOR", "COORDINATOR"]) });
export const revokeInput = z.object({ subject: subjectSchema });

export interface Refusal {
  rule: string;
  reason: string;
  field: string;
}

/**
 * Whether a change to a subject's role may happen, given their current active role and how many
 * active coordinators there are. The province must never be left without a coordinator: nobody
 * could grant roles any more.
 */
export function changeRefusal(current: StaffRoleName | null, next: StaffRoleName | null, activeCoordinators: number): Refusal | null {
  if (next === null && current === null) {
    return { rule: "no-active-role", reason: "the subject holds no role in this province", field: "input.subject" };
  }
  if (current === "COORDINATOR" && next !== "COORDINATOR" && activeCoordinators <= 1) {
    return { rule: "last-coordinator", reason: "the province's last coordinator cannot lose the role; grant it to someone else first", field: "input.subject" };
  }
  return null;
}
