import { describe, expect, it } from "vitest";
import { ACCEPTED_HINTS, composeSupergraph, readSupergraph, subgraphDefinitions, supergraphProblems } from "./compose.ts";

describe("the supergraph", () => {
  const composition = composeSupergraph();

  it("composes the seven provinces and the region without errors", () => {
    expect(composition.errors).toEqual([]);
    expect(subgraphDefinitions().map((s) => s.name)).toEqual([
      "bergamo", "brescia", "cremona", "lecco", "lodi", "mantova", "pavia", "region",
    ]);
  });

  it("composes without hints that nobody accepted", () => {
    expect(ACCEPTED_HINTS).toEqual([]);
    expect(composition.unacceptedHints).toEqual([]);
  });

  it("is committed up to date (run `pnpm compose` after changing an SDL template)", () => {
    expect(supergraphProblems(readSupergraph(), composition)).toEqual([]);
  });

  it("reports a stale or missing file", () => {
    expect(supergraphProblems("type Query { stale: Int }", composition)).toEqual([expect.stringContaining("is stale")]);
    expect(supergraphProblems(undefined, composition)).toEqual([expect.stringContaining("is missing")]);
  });

  it("reports composition errors", () => {
    const broken = [...subgraphDefinitions(), { name: "broken", url: "http://broken.invalid", sdl: "type Query { region: Int }" }];
    const problems = supergraphProblems(readSupergraph(), composeSupergraph(broken));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^composition error: /);
  });
});
