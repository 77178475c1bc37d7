import { describe, expect, it } from "vitest";
import { changeRefusal, covers, subjectSchema } from "./staff.rules.ts";

describe("staff rules", () => {
  it("a coordinator covers an operator, not the other way round", () => {
    expect(covers("coordinator", "operator")).toBe(true);
    expect(covers("coordinator", "coordinator")).toBe(true);
    expect(covers("operator", "operator")).toBe(true);
    expect(covers("operator", "coordinator")).toBe(false);
  });

  it("never leaves the province without a coordinator", () => {
    expect(changeRefusal("COORDINATOR", null, 1)?.rule).toBe("last-coordinator");
    expect(changeRefusal("COORDINATOR", "OPERATOR", 1)?.rule).toBe("last-coordinator");
    expect(changeRefusal("COORDINATOR", null, 2)).toBeNull();
    expect(changeRefusal("COORDINATOR", "COORDINATOR", 1)).toBeNull();
    expect(changeRefusal("OPERATOR", null, 1)).toBeNull();
    expect(changeRefusal(null, "OPERATOR", 0)).toBeNull();
  });

  it("refuses to revoke a role nobody holds", () => {
    expect(changeRefusal(null, null, 3)?.rule).toBe("no-active-role");
  });

  it("accepts identity-provider subjects and refuses blank, spaced or oversized ones", () => {
    for (const ok of ["maria.rossi@bg.example.org", "auth0|64f1c2", "f47ac10b-58cc-4372-a567-0e02b2c3d479"]) {
      expect(subjectSchema.safeParse(ok).success).toBe(true);
    }
    for (const bad of ["", "   ", "two words", "a,b", "x".repeat(201), "tab\there"]) expect(subjectSchema.safeParse(bad).success).toBe(false);
  });
});
