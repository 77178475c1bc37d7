import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { completeEntities } from "./province-data-source.ts";

// The shape of the fetches the query planner sends to a province.
const entitiesFetch = parse(`query Region__bergamo__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Region { bergamo { contacts } } }
}`);
const representations = [{ __typename: "Region", from: "2025-01-01", to: "2025-01-31" }];

describe("completeEntities", () => {
  it("gives null figures for each entity when the province gave no data", () => {
    const response = completeEntities({ errors: [{ message: "down" }] }, entitiesFetch, representations);
    expect(response).toEqual({ errors: [{ message: "down" }], data: { _entities: [{ __typename: "Region", bergamo: null }] } });
  });

  it("replaces an entity the province nulled", () => {
    const response = completeEntities({ data: { _entities: [null] } }, entitiesFetch, representations);
    expect(response.data).toEqual({ _entities: [{ __typename: "Region", bergamo: null }] });
  });

  it("keeps what the province answered", () => {
    const answered = { data: { _entities: [{ bergamo: { contacts: 3 } }] } };
    expect(completeEntities(answered, entitiesFetch, representations).data).toEqual({
      _entities: [{ __typename: "Region", bergamo: { contacts: 3 } }],
    });
  });

  it("uses the alias the query planner chose", () => {
    const aliased = parse(`query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Region { b: bergamo { contacts } } } }`);
    expect(completeEntities({}, aliased, representations).data).toEqual({ _entities: [{ __typename: "Region", b: null }] });
  });

  it("leaves other operations alone", () => {
    const response = { data: null };
    expect(completeEntities(response, parse("{ _service { sdl } }"), undefined)).toBe(response);
  });
});
