import { gql } from "graphql-tag";

export const capacityTypeDefs = gql`
  "A shelter or flat run by the province (the building may be lent by a municipality, e.g. Crema)."
  type Structure {
    id: ID!
    name: String!
    "pronta accoglienza, comunità residenziale, semi-autonomia, alloggio."
    type: StructureType!
    municipality: String!
    "An inactive structure takes nobody and its places do not count as capacity."
    active: Boolean!
    "Its places, by label."
    places: [Place!]!
    "Places total/occupied/free on a day (today by default), per target group."
    occupancy(on: Date): Occupancy!
  }

  "One bed or unit of a structure, for a target group."
  type Place {
    id: ID!
    label: String!
    target: PlaceTarget!
    active: Boolean!
    structure: Structure!
    "Whether a placement holds the place on that day (today by default)."
    occupied(on: Date): Boolean!
    "The placement of the person in this place now, if any."
    currentPlacement: Placement
    "Who stayed here, most recent first."
    placements: [Placement!]!
  }

  "A person of a case in a place from startOn; endOn is the day they left (the place is free that day)."
  type Placement {
    id: ID!
    case: Case!
    place: Place!
    startOn: Date!
    "Null while the person is still there."
    endOn: Date
  }

  "Capacity on a day: derived from placements, never typed by hand."
  type Occupancy {
    on: Date!
    "Places in service (active places of active structures)."
    total: Int!
    occupied: Int!
    free: Int!
    "Per structure type and target group; combinations without places in service are left out."
    counts: [OccupancyCount!]!
  }

  type OccupancyCount {
    structureType: StructureType!
    target: PlaceTarget!
    total: Int!
    occupied: Int!
    free: Int!
  }

  type StructurePage {
    nodes: [Structure!]!
    pageInfo: PageInfo!
  }

  input StructureFilter {
    type: StructureType
    "Exact name of the municipality, case-insensitive."
    municipality: String
    active: Boolean
  }

  input CreateStructureInput {
    "Unique in the province."
    name: String!
    type: StructureType!
    municipality: String!
    "Defaults to true."
    active: Boolean
  }

  "Only the fields given change. Deactivating is refused while people are placed there (structure-has-residents)."
  input UpdateStructureInput {
    id: ID!
    name: String
    municipality: String
    active: Boolean
  }

  input AddPlacesInput {
    structureId: ID!
    target: PlaceTarget!
    "1 to 100 places."
    count: Int!
    "Labels are prefix + number, numbered after those already in the structure. Defaults to 'P-'."
    labelPrefix: String
  }

  input PlacePersonInput {
    caseId: ID!
    placeId: ID!
    "Not in the future, not before the case was opened."
    startOn: Date!
  }

  input EndPlacementInput {
    placementId: ID!
    "The day the person left: after startOn, not in the future."
    endOn: Date!
  }

  input MovePersonInput {
    caseId: ID!
    toPlaceId: ID!
    "The day of the move: the current placement ends and the new one starts on this day."
    on: Date!
  }

  extend type Case {
    "Where the person of this case stayed, most recent first."
    placements: [Placement!]!
    "Where the person is placed now, if anywhere."
    currentPlacement: Placement
  }

  extend type Query {
    structure(id: ID!): Structure
    "Structures by name."
    structures(filter: StructureFilter, first: Int, after: String): StructurePage!
    place(id: ID!): Place
    "Places total/occupied/free of the province on a day (today by default), per structure type and target group."
    capacity(on: Date): Occupancy!
  }

  extend type Mutation {
    createStructure(input: CreateStructureInput!): Structure!
    updateStructure(input: UpdateStructureInput!): Structure!
    "Creates count places with unique labels."
    addPlaces(input: AddPlacesInput!): [Place!]!
    "Deactivating an occupied place is refused (place-occupied)."
    setPlaceActive(placeId: ID!, active: Boolean!): Place!
    "Refused: case-closed, before-case-opened, place-inactive, place-occupied, case-already-placed."
    placePerson(input: PlacePersonInput!): Placement!
    "Refused: placement-already-ended, end-not-after-start."
    endPlacement(input: EndPlacementInput!): Placement!
    "Ends the current placement and starts one in another place on the same day, in one step. Returns the new placement."
    movePerson(input: MovePersonInput!): Placement!
  }
`;
