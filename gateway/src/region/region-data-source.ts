import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";

type RegionResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** Distinct queries kept: the planner writes one per shape of client operation, so few in practice. */
export const REGION_DOCUMENT_CACHE_SIZE = 1000;

export interface RegionDataSourceOptions {
  /** Most parsed and validated queries kept; the oldest is dropped beyond it. */
  maxDocuments?: number;
}

/**
 * A subgraph executed in the gateway's process (the region). LocalGraphQLDataSource parses and
 * validates every request's query, and the region's @requires query carries the figures of every
 * province: the planner sends the same few texts again and again, so each is parsed and validated
 * once and then only executed. Syntax and validation errors come back as GraphQL errors, as before.
 */
export class RegionDataSource implements GraphQLDataSource {
  private readonly documents = new Map<string, DocumentNode>();
  private readonly maxDocuments: number;

  constructor(
    readonly schema: GraphQLSchema,
    options: RegionDataSourceOptions = {},
  ) {
    this.maxDocuments = options.maxDocuments ?? REGION_DOCUMENT_CACHE_SIZE;
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions): Promise<RegionResponse> {
    const query = request.query ?? "";
    let document = this.documents.get(query);
    if (!document) {
      try {
        document = parse(query);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const errors = validate(this.schema, document);
      // Not kept: the planner's queries are valid, an invalid one is not worth a place.
      if (errors.length > 0) return { errors };
      // Map order is insertion order: the first key is the query kept longest.
      if (this.documents.size >= this.maxDocuments) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, document);
    }
    return execute({
      schema: this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    });
  }
}
