import type {
  AgeBand,
  CasePhase,
  ConsentKind,
  ExitOutcome,
  ExploitationType,
  Gender,
  IdentificationOutcome,
  LegalEventKind,
  MaterialKind,
  OutingKind,
  PermitType,
  PlaceTarget,
  Programme,
  ProtectionStatus,
  ProvinceCode,
  ReferralSource,
  ServiceKind,
  StructureType,
  TrainingAudience,
  TrainingKind,
} from "@regional/schema";
import { ageAtOpening } from "../cases/age.ts";
import { programmeForPhase } from "../cases/lifecycle.ts";
import { addYears, dayToDate, dayToIso, monthOf, parseDay, weekday, yearOf, type Day } from "./dates.ts";
import { Rng, type Weighted } from "./random.ts";
import {
  ALIASES,
  CITIZENSHIP_BEGGING,
  CITIZENSHIP_ILLEGAL,
  CITIZENSHIP_LABOUR,
  CITIZENSHIP_MARRIAGE,
  CITIZENSHIP_SEXUAL_WOMEN,
  CITIZENSHIP_TRANS,
  LANGUAGES,
  PROVINCE_PROFILES,
  STRUCTURE_TEMPLATE,
  TARGET_FALLBACK,
  feminineFamily,
  labourGroup,
  mediatorRate,
  namePool,
  targetFor,
  type ProvinceProfile,
} from "./vocab.ts";

/**
 * The synthetic demo data of one province, computed in memory (no database): a pure function of
 * (province, seed, today, scale). seedDemoData writes it; tests and benchmarks can inspect it.
 *
 * How it is built:
 *  1. structures and places from a template scaled to the province;
 *  2. cases: opening dates over 2023-01-01..today (slowly growing), the person (gender,
 *     citizenship, age by exploitation type), the referral source, then the path through the
 *     phases simulated phase by phase until it exits or reaches today;
 *  3. placements allocated in date order over the places (a residential phase of a case asks for
 *     a free place of the right structure type and target; if none is free the person stays where
 *     she is, or is followed in territorial care instead), so places never hold two people and
 *     occupancy is whatever the placements say;
 *  4. consents, interviews, services and legal events derived from each final path;
 *  5. outreach outings and training events, anonymous counts only.
 */

export const DEMO_START = "2023-01-01";

export interface DemoOptions {
  province: ProvinceCode;
  seed?: number;
  /** YYYY-MM-DD from the injected clock; nothing is dated after it. */
  today: string;
  /** 1 = the default demo size; cases, places, outings and events scale with it. */
  scale?: number;
}

export const DEFAULT_SEED = 20261122;

// ----- rows, in the shape createMany takes (explicit ids, dates as UTC-midnight Date) -----------

export interface PersonRow {
  id: string;
  givenName: string;
  familyName: string;
  alias: string | null;
  birthDate: Date | null;
  gender: Gender;
  citizenship: string;
  documentNumber: string | null;
  phone: string | null;
}
export interface CaseRow {
  id: string;
  reference: string;
  personId: string;
  status: "OPEN" | "CLOSED";
  openedOn: Date;
  closedOn: Date | null;
  exitOutcome: ExitOutcome | null;
  phase: CasePhase;
  programme: Programme | null;
  referralSource: ReferralSource;
  protectionStatus: ProtectionStatus;
  identification: IdentificationOutcome;
  identifiedOn: Date | null;
  ageBand: AgeBand;
  minorAtOpening: boolean;
}
export interface PhaseChangeRow {
  id: string;
  caseId: string;
  phase: CasePhase;
  startedOn: Date;
}
export interface ExploitationRow {
  caseId: string;
  type: ExploitationType;
}
export interface ConsentRow {
  id: string;
  personId: string;
  caseId: string;
  kind: ConsentKind;
  givenOn: Date;
  revokedOn: Date | null;
  note: string | null;
}
export interface InterviewRow {
  id: string;
  caseId: string;
  heldOn: Date;
  sequence: number;
  withMediator: boolean;
  mediatorLanguage: string | null;
  indicatorsFound: number;
  reportToCommissione: boolean;
  notes: string | null;
}
export interface ServiceRow {
  id: string;
  caseId: string;
  kind: ServiceKind;
  deliveredOn: Date;
  note: string | null;
}
export interface LegalEventRow {
  id: string;
  caseId: string;
  kind: LegalEventKind;
  occurredOn: Date;
  permitType: PermitType | null;
  note: string | null;
}
export interface StructureRow {
  id: string;
  name: string;
  type: StructureType;
  municipality: string;
  active: boolean;
}
export interface PlaceRow {
  id: string;
  structureId: string;
  label: string;
  target: PlaceTarget;
  active: boolean;
}
export interface PlacementRow {
  id: string;
  caseId: string;
  placeId: string;
  startOn: Date;
  endOn: Date | null;
}
export interface OutingRow {
  id: string;
  kind: OutingKind;
  heldOn: Date;
  area: string;
  operators: number;
  contacts: number;
  newContacts: number;
  accompaniments: number;
  notes: string | null;
}
export interface OutingMaterialRow {
  outingId: string;
  kind: MaterialKind;
  quantity: number;
}
export interface TrainingEventRow {
  id: string;
  kind: TrainingKind;
  audience: TrainingAudience;
  heldOn: Date;
  title: string;
  participants: number;
}

export interface DemoDataset {
  persons: PersonRow[];
  cases: CaseRow[];
  phaseChanges: PhaseChangeRow[];
  exploitations: ExploitationRow[];
  consents: ConsentRow[];
  interviews: InterviewRow[];
  services: ServiceRow[];
  legalEvents: LegalEventRow[];
  structures: StructureRow[];
  places: PlaceRow[];
  placements: PlacementRow[];
  outings: OutingRow[];
  materials: OutingMaterialRow[];
  trainingEvents: TrainingEventRow[];
  /** How the allocation went (not written anywhere): useful to tune and to test. */
  allocation: AllocationStats;
}

export interface AllocationStats {
  stays: number;
  placedAsPreferred: number;
  placedInFallback: number;
  extendedInPlace: number;
  reroutedToTerritorialCare: number;
}

// ----- the path of a case -------------------------------------------------------------------------

const PHASE_ORDER: readonly CasePhase[] = [
  "FIRST_CONTACT",
  "IDENTIFICATION",
  "IMMEDIATE_PROTECTION",
  "RESIDENTIAL_RECEPTION",
  "SEMI_AUTONOMY",
  "TERRITORIAL_CARE",
];
const RESIDENTIAL_PHASES: ReadonlySet<CasePhase> = new Set(["IMMEDIATE_PROTECTION", "RESIDENTIAL_RECEPTION", "SEMI_AUTONOMY"]);
const EU = new Set(["RO", "BG"]);
const LABOUR: ReadonlySet<ExploitationType> = new Set([
  "LABOUR_AGRICULTURE",
  "LABOUR_CONSTRUCTION",
  "LABOUR_CATERING",
  "LABOUR_DOMESTIC_CARE",
  "LABOUR_OTHER",
]);

/** The next phase, an exit, or ONGOING: the case stays in this phase (still followed today). */
type Next = CasePhase | ExitOutcome | "ONGOING";

interface PhaseSpan {
  phase: CasePhase;
  start: Day;
}

interface CasePlan {
  index: number;
  caseId: string;
  personId: string;
  gender: Gender;
  citizenship: string;
  birthDay: Day | null;
  minor: boolean;
  withChildren: boolean;
  types: ExploitationType[];
  referral: ReferralSource;
  openedOn: Day;
  asylumAtOpening: ProtectionStatus;
  phases: PhaseSpan[];
  closedOn: Day | null;
  exit: ExitOutcome | null;
  identification: IdentificationOutcome;
  identifiedOn: Day | null;
  interviewDays: Day[];
  /** Bumped when the path is rewritten (rerouted), so stale stays are skipped. */
  version: number;
}

interface Stay {
  plan: CasePlan;
  version: number;
  phaseIndex: number;
  phase: CasePhase;
  start: Day;
  end: Day | null;
}

interface PlaceSlot {
  row: PlaceRow;
  type: StructureType;
  intervals: Interval[];
}

interface Interval {
  start: Day;
  end: Day | null;
  caseId: string;
  row: PlacementRow;
}

export function generateDemoData(options: DemoOptions): DemoDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  if (!Object.hasOwn(PROVINCE_PROFILES, options.province)) throw new Error(`Unknown province ${options.province}`);
  const today = parseDay(options.today);
  const start = parseDay(DEMO_START);
  if (today < start + 90) throw new Error(`today (${options.today}) must be at least three months after ${DEMO_START}`);
  const g = new Generator(options.province, seed, scale, start, today);
  return g.run();
}

class Generator {
  private readonly profile: ProvinceProfile;
  private readonly ids: Record<string, Rng> = {};
  private readonly out: DemoDataset = {
    persons: [],
    cases: [],
    phaseChanges: [],
    exploitations: [],
    consents: [],
    interviews: [],
    services: [],
    legalEvents: [],
    structures: [],
    places: [],
    placements: [],
    outings: [],
    materials: [],
    trainingEvents: [],
    allocation: { stays: 0, placedAsPreferred: 0, placedInFallback: 0, extendedInPlace: 0, reroutedToTerritorialCare: 0 },
  };
  private readonly slots: PlaceSlot[] = [];

  constructor(
    private readonly province: ProvinceCode,
    private readonly seed: number,
    private readonly scale: number,
    private readonly start: Day,
    private readonly today: Day,
  ) {
    this.profile = PROVINCE_PROFILES[province];
  }

  private rng(...key: (string | number)[]): Rng {
    return Rng.stream("demo", this.province, this.seed, ...key);
  }

  private id(kind: string): string {
    this.ids[kind] ??= this.rng("ids", kind);
    return this.ids[kind].uuid();
  }

  run(): DemoDataset {
    this.structures();
    const plans = this.plans();
    this.allocate(plans);
    for (const plan of plans) this.caseRecords(plan);
    this.outreach();
    this.training();
    return this.out;
  }

  // ----- structures and places ----------------------------------------------------------------

  private structures(): void {
    const copies = Math.max(1, Math.round(this.scale));
    const factor = (this.profile.placesFactor * this.scale) / copies;
    const towns = this.profile.municipalities;
    const labels: Record<PlaceTarget, string> = { WOMEN: "Donne", WITH_CHILDREN: "Madre-bambino", MEN: "Uomini", TRANS: "Trans", MINORS: "Minori" };
    for (let copy = 1; copy <= copies; copy++) {
      for (const [i, t] of STRUCTURE_TEMPLATE.entries()) {
        const municipality =
          t.municipality === "lending" ? this.profile.lendingMunicipality : towns[(t.municipality + (copy - 1) * (i + 1)) % towns.length]!;
        const places = Object.entries(t.places).map(([target, n]) => [target as PlaceTarget, Math.round(n * factor)] as const);
        if (places.every(([, n]) => n === 0)) continue;
        const structure: StructureRow = {
          id: this.id("structure"),
          name: `${t.name} – ${copy === 1 ? municipality : `${municipality} ${copy}`}`,
          type: t.type,
          municipality,
          active: true,
        };
        this.out.structures.push(structure);
        for (const [target, n] of places) {
          for (let k = 1; k <= n; k++) {
            const row: PlaceRow = { id: this.id("place"), structureId: structure.id, label: `${labels[target]} ${k}`, target, active: true };
            this.out.places.push(row);
            this.slots.push({ row, type: t.type, intervals: [] });
          }
        }
      }
    }
  }

  // ----- cases: who, when, and the path -------------------------------------------------------

  private plans(): CasePlan[] {
    const rng = this.rng("openings");
    const span = this.today - this.start;
    const years = span / 365.25;
    const n = Math.max(1, Math.round(this.profile.casesPerYear * years * this.scale));
    const growth = 0.35;
    const openings: Day[] = [];
    for (let i = 0; i < n; i++) {
      const u = rng.float();
      const x = (-1 + Math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth;
      openings.push(this.start + Math.min(span, Math.floor(x * (span + 1))));
    }
    openings.sort((a, b) => a - b);
    return openings.map((openedOn, index) => this.plan(index, openedOn));
  }

  private plan(index: number, openedOn: Day): CasePlan {
    const rng = this.rng("case", index);
    const x = (openedOn - this.start) / Math.max(1, this.today - this.start);
    const primary = this.primaryType(rng, x);
    const gender = genderFor(rng, primary);
    const types: ExploitationType[] = [primary];
    if (rng.chance(0.12)) {
      const second = secondaryType(rng, primary);
      if (second !== primary) types.push(second);
    }
    const citizenship = citizenshipFor(rng, primary, gender);
    const age = ageFor(rng, primary);
    const birthDay = rng.chance(0.03) ? null : addYears(openedOn, -age) - rng.int(0, 364);
    const minor = birthDay !== null && age < 18;
    const withChildren = gender === "WOMAN" && !minor && age <= 40 && rng.chance(0.1);
    const referral = referralFor(rng, primary, gender);
    const eu = EU.has(citizenship);
    let asylumAtOpening: ProtectionStatus = "NONE";
    if (referral === "COMMISSIONE_TERRITORIALE") asylumAtOpening = "ASYLUM_SEEKER";
    else if (referral === "CAS") asylumAtOpening = rng.chance(0.9) ? "ASYLUM_SEEKER" : "PROTECTION_HOLDER";
    else if (!eu) asylumAtOpening = rng.weighted([["ASYLUM_SEEKER", citizenship === "NG" ? 40 : 20], ["PROTECTION_HOLDER", 6], ["NONE", 70]]);

    const plan: CasePlan = {
      index,
      caseId: this.id("case"),
      personId: this.id("person"),
      gender,
      citizenship,
      birthDay,
      minor,
      withChildren,
      types,
      referral,
      openedOn,
      asylumAtOpening,
      phases: [],
      closedOn: null,
      exit: null,
      identification: "PENDING",
      identifiedOn: null,
      interviewDays: [],
      version: 0,
    };
    let first: CasePhase = "FIRST_CONTACT";
    if (referral === "COMMISSIONE_TERRITORIALE" || referral === "CAS") first = "IDENTIFICATION";
    else if (referral === "POLICE") first = rng.chance(0.7) ? "IDENTIFICATION" : "FIRST_CONTACT";
    else if (referral === "OTHER_PROVINCE") {
      // Arrived through the network ("messa in rete"), already identified elsewhere.
      first = rng.chance(0.5) ? "IMMEDIATE_PROTECTION" : "RESIDENTIAL_RECEPTION";
      plan.identification = "IDENTIFIED";
      plan.identifiedOn = openedOn;
    }
    this.walk(plan, rng, first, openedOn);
    return plan;
  }

  private primaryType(rng: Rng, x: number): ExploitationType {
    const sexual = 0.68 - 0.1 * x;
    const labour = 0.2 + 0.1 * x;
    const group = rng.weighted([["SEXUAL", sexual], ["LABOUR", labour], ["OTHER", 1 - sexual - labour]] as const);
    if (group === "SEXUAL") return "SEXUAL";
    if (group === "LABOUR") {
      return rng.weighted<ExploitationType>([
        ["LABOUR_AGRICULTURE", this.profile.agricultureWeight],
        ["LABOUR_CONSTRUCTION", 0.22],
        ["LABOUR_CATERING", 0.22],
        ["LABOUR_DOMESTIC_CARE", 0.2],
        ["LABOUR_OTHER", 0.1],
      ]);
    }
    return rng.weighted<ExploitationType>([["BEGGING", 0.35], ["FORCED_ILLEGAL_ACTIVITIES", 0.35], ["FORCED_MARRIAGE", 0.3]]);
  }

  /** Simulates the path from `phase` on `start` until an exit or today. */
  private walk(plan: CasePlan, rng: Rng, phase: CasePhase, start: Day): void {
    let current = phase;
    let from = start;
    for (;;) {
      plan.phases.push({ phase: current, start: from });
      const { duration, next } = this.step(plan, rng, current, from);
      const end = from + Math.max(1, duration);
      if (end > this.today || next === "ONGOING") return; // still in this phase today
      if (isPhase(next)) {
        current = next;
        from = end;
        continue;
      }
      plan.closedOn = end;
      plan.exit = next;
      return;
    }
  }

  private step(plan: CasePlan, rng: Rng, phase: CasePhase, start: Day): { duration: number; next: Next } {
    const man = plan.gender === "MAN";
    const asylumReferral = plan.referral === "CAS" || plan.referral === "COMMISSIONE_TERRITORIALE";
    switch (phase) {
      case "FIRST_CONTACT":
        return {
          duration: rng.int(7, 45) + (rng.chance(0.5) ? rng.int(15, 150) : 0),
          // Many people met in outreach stay in contact for a long time before (or without) asking for help.
          next: rng.weighted<Next>([["IDENTIFICATION", 52], ["ONGOING", 30], ["DROPPED_OUT", 14], ["OTHER_PROGRAMME", 4]]),
        };
      case "IDENTIFICATION": {
        const n = rng.weighted([[1, 15], [2, 28], [3, 30], [4, 17], [5, 10]]);
        const days: Day[] = [];
        let d = start + rng.int(0, 10);
        for (let i = 0; i < n; i++) {
          days.push(d);
          d += rng.int(7, 28);
        }
        const last = days[days.length - 1]!;
        const decision = last + rng.int(1, 14);
        plan.interviewDays = days.filter((day) => day <= this.today);
        if (decision > this.today) return { duration: decision - start, next: "ONGOING" }; // still assessing
        if (rng.chance(0.08)) return { duration: decision - start, next: "ONGOING" }; // waiting (hearing, documents)
        const notIdentified = rng.chance(plan.referral === "COMMISSIONE_TERRITORIALE" ? 0.22 : 0.13);
        if (notIdentified) {
          plan.identification = "NOT_IDENTIFIED";
          return { duration: decision - start, next: "NOT_IDENTIFIED" };
        }
        plan.identification = "IDENTIFIED";
        plan.identifiedOn = last;
        const weights: [Next, number][] = asylumReferral
          ? [["IMMEDIATE_PROTECTION", 36], ["TERRITORIAL_CARE", 40], ["OTHER_PROGRAMME", 14], ["DROPPED_OUT", 6], ["ASSISTED_VOLUNTARY_RETURN", 4]]
          : [["IMMEDIATE_PROTECTION", 54], ["TERRITORIAL_CARE", 26], ["OTHER_PROGRAMME", 8], ["DROPPED_OUT", 7], ["ASSISTED_VOLUNTARY_RETURN", 5]];
        if (man) {
          weights[0]![1] *= 0.6;
          weights[1]![1] *= 1.6;
        }
        return { duration: decision - start, next: rng.weighted(weights) };
      }
      case "IMMEDIATE_PROTECTION":
        return {
          duration: rng.int(15, 100),
          next: rng.weighted<Next>([
            ["RESIDENTIAL_RECEPTION", 68],
            ["TERRITORIAL_CARE", 8],
            ["DROPPED_OUT", 11],
            ["ASSISTED_VOLUNTARY_RETURN", 5],
            ["OTHER_PROGRAMME", 8],
          ]),
        };
      case "RESIDENTIAL_RECEPTION":
        return {
          duration: rng.int(240, 720),
          next: rng.weighted<Next>([
            ["SEMI_AUTONOMY", 52],
            ["TERRITORIAL_CARE", 10],
            ["AUTONOMY", 16],
            ["DROPPED_OUT", 10],
            ["ASSISTED_VOLUNTARY_RETURN", 5],
            ["OTHER_PROGRAMME", 7],
          ]),
        };
      case "SEMI_AUTONOMY":
        return {
          duration: rng.int(180, 600),
          next: rng.weighted<Next>([["AUTONOMY", 68], ["TERRITORIAL_CARE", 12], ["DROPPED_OUT", 8], ["OTHER_PROGRAMME", 6], ["ASSISTED_VOLUNTARY_RETURN", 6]]),
        };
      case "TERRITORIAL_CARE":
        return {
          duration: rng.int(240, 1100),
          next: rng.weighted<Next>([
            ["AUTONOMY", 42],
            ["ONGOING", 26],
            ["DROPPED_OUT", 12],
            ["OTHER_PROGRAMME", 10],
            ["ASSISTED_VOLUNTARY_RETURN", 8],
          ]),
        };
    }
  }

  // ----- placements ---------------------------------------------------------------------------

  private staysOf(plan: CasePlan): Stay[] {
    const stays: Stay[] = [];
    plan.phases.forEach((p, i) => {
      if (!RESIDENTIAL_PHASES.has(p.phase)) return;
      const end = plan.phases[i + 1]?.start ?? plan.closedOn;
      stays.push({ plan, version: plan.version, phaseIndex: i, phase: p.phase, start: p.start, end });
    });
    return stays;
  }

  private allocate(plans: CasePlan[]): void {
    const stays = plans.flatMap((p) => this.staysOf(p));
    stays.sort((a, b) => a.start - b.start || a.plan.index - b.plan.index || a.phaseIndex - b.phaseIndex);
    const rng = this.rng("allocation");
    const last = new Map<string, Interval>(); // the latest placement of each case
    const stats = this.out.allocation;
    for (const stay of stays) {
      const plan = stay.plan;
      if (stay.version !== plan.version) continue;
      stats.stays++;
      const target = targetFor(plan.gender, plan.minor, plan.withChildren);
      const types = structureTypesFor(stay.phase, rng);
      let chosen: PlaceSlot | undefined;
      let preferred = true;
      search: for (const type of types) {
        for (const t of TARGET_FALLBACK[target]) {
          const free = this.slots.filter((s) => s.type === type && s.row.target === t && isFree(s, stay.start, stay.end));
          if (free.length > 0) {
            chosen = rng.pick(free);
            break search;
          }
          preferred = false;
        }
        preferred = false;
      }
      // The place she is in now, if this stay follows on from it (a phase change without moving).
      const previous = last.get(plan.caseId);
      const previousSlot = previous && previous.end === stay.start ? this.slots.find((s) => s.intervals.includes(previous)) : undefined;
      const stayOn = () => {
        previous!.end = stay.end;
        previous!.row.endOn = stay.end === null ? null : dayToDate(stay.end);
      };
      if (chosen && chosen === previousSlot) {
        // The right kind of place is the one she already has: no move, the placement goes on.
        stayOn();
        if (preferred) stats.placedAsPreferred++;
        else stats.placedInFallback++;
        continue;
      }
      if (chosen) {
        if (preferred) stats.placedAsPreferred++;
        else stats.placedInFallback++;
        const row: PlacementRow = {
          id: this.id("placement"),
          caseId: plan.caseId,
          placeId: chosen.row.id,
          startOn: dayToDate(stay.start),
          endOn: stay.end === null ? null : dayToDate(stay.end),
        };
        const interval: Interval = { start: stay.start, end: stay.end, caseId: plan.caseId, row };
        chosen.intervals.push(interval);
        this.out.placements.push(row);
        last.set(plan.caseId, interval);
        continue;
      }
      // No place of the kind needed: stay on where she is, if that place is free long enough.
      if (previousSlot && isFree(previousSlot, stay.start, stay.end, previous)) {
        stayOn();
        stats.extendedInPlace++;
        continue;
      }
      // Otherwise the person is followed without accommodation (presa in carico territoriale).
      stats.reroutedToTerritorialCare++;
      plan.phases = plan.phases.slice(0, stay.phaseIndex);
      plan.closedOn = null;
      plan.exit = null;
      plan.version++;
      this.walk(plan, this.rng("reroute", plan.index), "TERRITORIAL_CARE", stay.start);
    }
  }

  // ----- the records of each case -------------------------------------------------------------

  private caseRecords(plan: CasePlan): void {
    const rng = this.rng("records", plan.index);
    const out = this.out;
    const openedIso = dayToIso(plan.openedOn);
    const last = plan.phases[plan.phases.length - 1]!;
    /** Last day anything of the case can be dated. */
    const endDay = plan.closedOn ?? this.today;

    // Person
    const pool = namePool(plan.citizenship);
    const female = plan.gender !== "MAN";
    const familyRaw = rng.pick(pool.family);
    out.persons.push({
      id: plan.personId,
      givenName: rng.pick(female ? pool.women : pool.men),
      familyName: female ? feminineFamily(plan.citizenship, familyRaw) : familyRaw,
      alias: plan.types.includes("SEXUAL") && rng.chance(0.3) ? rng.pick(ALIASES) : null,
      birthDate: plan.birthDay === null ? null : dayToDate(plan.birthDay),
      gender: plan.gender,
      citizenship: plan.citizenship,
      documentNumber: rng.chance(EU.has(plan.citizenship) ? 0.85 : 0.55) ? `DEMO-${plan.citizenship}-${rng.int(100000, 999999)}` : null,
      phone: rng.chance(0.6) ? `+39 300 555 ${String(rng.int(0, 9999)).padStart(4, "0")}` : null,
    });

    for (const p of plan.phases) {
      out.phaseChanges.push({ id: this.id("phase"), caseId: plan.caseId, phase: p.phase, startedOn: dayToDate(p.start) });
    }
    for (const type of plan.types) out.exploitations.push({ caseId: plan.caseId, type });

    // Interviews (identification), with the report to the Commissione on the last one if any.
    const idPhase = plan.phases.find((p) => p.phase === "IDENTIFICATION");
    const decided = plan.identification !== "PENDING";
    const sendsReport =
      decided &&
      plan.interviewDays.length > 0 &&
      rng.chance(plan.referral === "COMMISSIONE_TERRITORIALE" ? 0.85 : plan.asylumAtOpening === "ASYLUM_SEEKER" ? 0.3 : 0);
    let reportDay: Day | null = null;
    if (idPhase) {
      // One mediator language per person, the one she is most at ease with.
      const language = rng.weighted(LANGUAGES[plan.citizenship]!);
      const rate = mediatorRate(plan.citizenship);
      plan.interviewDays.forEach((day, i) => {
        const lastOne = i === plan.interviewDays.length - 1;
        const withMediator = rng.chance(rate);
        const report = sendsReport && lastOne;
        if (report) reportDay = day;
        out.interviews.push({
          id: this.id("interview"),
          caseId: plan.caseId,
          heldOn: dayToDate(day),
          sequence: i + 1,
          withMediator,
          mediatorLanguage: withMediator ? language : null,
          indicatorsFound: plan.identification === "NOT_IDENTIFIED" ? rng.around(1, 1, 0, 3) : rng.around(1.5 + i, 1.2, 0, 9),
          reportToCommissione: report,
          notes: i === 0 && plan.referral === "CAS" ? "Colloquio presso il CAS" : null,
        });
      });
    }

    // Consents
    const consent = (kind: ConsentKind, given: Day, revokeRate: number, note: string | null = null) => {
      const revoked = rng.chance(revokeRate) && endDay > given ? rng.int(given + 1, endDay) : null;
      out.consents.push({
        id: this.id("consent"),
        personId: plan.personId,
        caseId: plan.caseId,
        kind,
        givenOn: dayToDate(given),
        revokedOn: revoked === null ? null : dayToDate(revoked),
        note,
      });
    };
    if (rng.chance(0.98)) {
      const revokeRate = plan.exit === "DROPPED_OUT" ? 0.1 : 0.005;
      consent("DATA_PROCESSING", plan.openedOn, revokeRate);
    }
    if (plan.referral === "COMMISSIONE_TERRITORIALE") consent("SHARE_WITH_COMMISSIONE", plan.openedOn, 0.03);
    else if (reportDay !== null) consent("SHARE_WITH_COMMISSIONE", plan.interviewDays[0]!, 0.03);
    if (plan.referral === "CAS") consent("SHARE_WITH_CAS", plan.openedOn, 0.04, "Consenso informato raccolto dal CAS");
    else if (plan.asylumAtOpening !== "NONE" && idPhase && rng.chance(0.2)) consent("SHARE_WITH_CAS", idPhase.start, 0.04);
    // A transfer to another province considered (and consented to) but not carried out: transfers
    // themselves, and the TRANSFERRED exit, belong to the transfer workflow, not to this seed.
    if (plan.phases.some((p) => RESIDENTIAL_PHASES.has(p.phase)) && rng.chance(0.04)) {
      const from = plan.phases.find((p) => RESIDENTIAL_PHASES.has(p.phase))!.start;
      consent("TRANSFER_TO_PROVINCE", rng.int(from, endDay), 0.3, "Trasferimento valutato, non avvenuto");
    }

    // Services, phase by phase.
    let jobPlacements = 0;
    plan.phases.forEach((p, i) => {
      const until = plan.phases[i + 1]?.start ?? (plan.closedOn !== null ? plan.closedOn : this.today + 1); // exclusive
      const length = until - p.start;
      if (length <= 0) return;
      for (const [kind, per30] of SERVICE_RATES[p.phase]) {
        const n = Math.min(12, rng.poisson((per30 * length) / 30));
        for (let k = 0; k < n; k++) out.services.push(this.service(rng, plan, kind, rng.int(p.start, until - 1)));
      }
      const jobRate = p.phase === "SEMI_AUTONOMY" ? 0.8 : p.phase === "TERRITORIAL_CARE" ? 0.35 : p.phase === "RESIDENTIAL_RECEPTION" ? 0.12 : 0;
      const needsJob = plan.exit === "AUTONOMY" && i === plan.phases.length - 1 && (p.phase === "SEMI_AUTONOMY" || p.phase === "TERRITORIAL_CARE") && jobPlacements === 0;
      if (needsJob || rng.chance(jobRate)) {
        const n = needsJob ? 1 : rng.weighted([[1, 75], [2, 25]]);
        for (let k = 0; k < n; k++) {
          out.services.push(this.service(rng, plan, "JOB_PLACEMENT", rng.int(p.start + Math.floor(length / 3), until - 1)));
          jobPlacements++;
        }
      }
    });

    // Legal events
    let protection = plan.asylumAtOpening;
    const legal = (kind: LegalEventKind, day: Day, permitType: PermitType | null = null, note: string | null = null) =>
      out.legalEvents.push({ id: this.id("legal"), caseId: plan.caseId, kind, occurredOn: dayToDate(day), permitType, note });
    if (reportDay !== null) legal("COMMISSIONE_REPORT_SENT", reportDay);
    const protectedFrom = plan.phases.find((p) => RESIDENTIAL_PHASES.has(p.phase) || p.phase === "TERRITORIAL_CARE")?.start;
    if (plan.identification === "IDENTIFIED" && protectedFrom !== undefined) {
      const base = plan.identifiedOn ?? protectedFrom;
      if (rng.chance(plan.types.includes("SEXUAL") ? 0.45 : 0.35)) {
        const day = Math.min(endDay, base + rng.int(0, 60));
        legal("COMPLAINT_FILED", day);
      }
      if (protection === "NONE" && !EU.has(plan.citizenship) && rng.chance(0.08)) {
        const day = Math.min(endDay, protectedFrom + rng.int(10, 90));
        legal("ASYLUM_APPLICATION", day);
        protection = "ASYLUM_SEEKER";
      }
      if (!EU.has(plan.citizenship)) {
        const labourCase = LABOUR.has(plan.types[0]!);
        let permit: PermitType;
        if (protection === "ASYLUM_SEEKER" && rng.chance(0.55)) permit = "INTERNATIONAL_PROTECTION";
        else if (protection === "PROTECTION_HOLDER") permit = rng.chance(0.3) ? "ART_18" : "OTHER";
        else if (labourCase) permit = rng.chance(0.7) ? "ART_22" : "ART_18";
        else permit = rng.weighted<PermitType>([["ART_18", 85], ["SPECIAL_PROTECTION", 10], ["OTHER", 5]]);
        if (!(protection === "PROTECTION_HOLDER" && permit === "OTHER")) {
          const requested = protectedFrom + rng.int(15, 120);
          if (requested <= endDay) {
            if (permit !== "INTERNATIONAL_PROTECTION") legal("PERMIT_REQUESTED", requested, permit, permitNote(permit));
            const decided = requested + rng.int(45, 240);
            if (decided <= endDay) {
              const outcome = rng.weighted([["GRANTED", 88], ["DENIED", 7], ["PENDING", 5]] as const);
              if (outcome === "GRANTED") {
                legal("PERMIT_GRANTED", decided, permit, permit === "INTERNATIONAL_PROTECTION" ? "Decisione della Commissione Territoriale" : null);
                if (permit === "INTERNATIONAL_PROTECTION") protection = "PROTECTION_HOLDER";
                const renewal = decided + rng.int(330, 400);
                if ((permit === "ART_18" || permit === "ART_22" || permit === "SPECIAL_PROTECTION") && renewal <= endDay) {
                  legal("PERMIT_RENEWED", renewal, permit);
                }
              } else if (outcome === "DENIED") {
                legal("PERMIT_DENIED", decided, permit);
              }
            }
          }
        }
      }
    }

    // The case itself.
    const { ageBand, minorAtOpening } = ageAtOpening(plan.birthDay === null ? null : dayToIso(plan.birthDay), openedIso);
    // Plans come in opening order, so references number each year's cases in that order.
    const year = yearOf(plan.openedOn);
    this.sequence[year] = (this.sequence[year] ?? 0) + 1;
    out.cases.push({
      id: plan.caseId,
      reference: `${this.province}-${year}-${String(this.sequence[year]).padStart(4, "0")}`,
      personId: plan.personId,
      status: plan.closedOn === null ? "OPEN" : "CLOSED",
      openedOn: dayToDate(plan.openedOn),
      closedOn: plan.closedOn === null ? null : dayToDate(plan.closedOn),
      exitOutcome: plan.exit,
      phase: last.phase,
      programme: programmeForPhase(last.phase),
      referralSource: plan.referral,
      protectionStatus: protection,
      identification: plan.identification,
      identifiedOn: plan.identifiedOn === null ? null : dayToDate(plan.identifiedOn),
      ageBand,
      minorAtOpening,
    });
  }

  private readonly sequence: Record<number, number> = {};

  private service(rng: Rng, plan: CasePlan, kind: ServiceKind, day: Day): ServiceRow {
    const notes = SERVICE_NOTES[kind];
    return { id: this.id("service"), caseId: plan.caseId, kind, deliveredOn: dayToDate(day), note: rng.chance(0.4) ? rng.pick(notes) : null };
  }

  // ----- outreach and training ----------------------------------------------------------------

  private outreach(): void {
    const rng = this.rng("outreach");
    const p = this.profile;
    const units = Math.max(1, Math.round(this.scale));
    const perUnit = this.scale / units;
    const nights = p.streetNightsPerWeek;
    const streetDays = nights === 1 ? [4] : [2, 4]; // Thursday, or Tuesday and Thursday
    const span = this.today - this.start;
    const streetMean = (0.62 * p.contactsPerYear * perUnit) / (52 * nights);
    const indoorMean = (0.18 * p.contactsPerYear * perUnit) / 26;
    const dropInMean = (0.2 * p.contactsPerYear * perUnit) / 52;
    const town = p.municipalities[0]!;
    for (let day = this.start; day <= this.today; day++) {
      const wd = weekday(day);
      const x = (day - this.start) / span;
      const month = monthOf(day);
      const season = month === 8 ? 0.7 : month >= 6 && month <= 9 ? 1.1 : month === 12 || month <= 2 ? 0.85 : 1;
      const trend = 0.9 + 0.2 * x;
      const week = Math.floor((day - this.start) / 7);
      for (let unit = 0; unit < units; unit++) {
        if (streetDays.includes(wd) && !rng.chance(month === 8 ? 0.3 : 0.06)) {
          const contacts = rng.around(streetMean * season * trend, Math.sqrt(streetMean) + 1, 0, 400);
          this.outing(rng, "STREET_UNIT", day, rng.pick(p.streetAreas), rng.chance(0.9) ? 2 : 3, contacts, 0.2, 0.25);
        }
        if (wd === 3 && week % 2 === unit % 2 && !rng.chance(0.1)) {
          const contacts = rng.around(indoorMean * trend, Math.sqrt(indoorMean) + 1, 0, 200);
          const where = rng.pick(p.municipalities.slice(0, 3));
          this.outing(rng, "INDOOR", day, rng.chance(0.6) ? `Appartamenti – ${where}` : `Centri massaggi – ${where}`, 2, contacts, 0.25, 0.1);
        }
        if (wd === 1 && !rng.chance(month === 8 ? 0.5 : 0.05)) {
          const contacts = rng.around(dropInMean * trend, Math.sqrt(dropInMean) + 1, 0, 200);
          this.outing(rng, "DROP_IN", day, `Drop-in ${town}${units > 1 ? ` ${unit + 1}` : ""}`, rng.chance(0.6) ? 2 : 1, contacts, 0.3, 0.5);
        }
      }
    }
  }

  private outing(rng: Rng, kind: OutingKind, day: Day, area: string, operators: number, contacts: number, newShare: number, accompaniments: number) {
    const newContacts = Math.min(contacts, rng.around(contacts * newShare, Math.sqrt(contacts * newShare) * 0.8, 0, contacts));
    const row: OutingRow = {
      id: this.id("outing"),
      kind,
      heldOn: dayToDate(day),
      area,
      operators,
      contacts,
      newContacts,
      accompaniments: Math.min(contacts, rng.poisson(accompaniments)),
      notes: rng.chance(0.05) ? rng.pick(OUTING_NOTES[kind]) : null,
    };
    this.out.outings.push(row);
    const material = (m: MaterialKind, quantity: number) => {
      if (quantity > 0) this.out.materials.push({ outingId: row.id, kind: m, quantity });
    };
    if (kind === "STREET_UNIT") {
      material("CONDOMS", contacts * rng.int(6, 14));
      material("LEAFLETS", newContacts + rng.int(0, Math.ceil(contacts / 2)));
      if (rng.chance(0.3)) material("HYGIENE_KITS", rng.int(1, Math.ceil(contacts / 3) + 1));
      if (rng.chance(0.5)) material("FOOD", contacts);
    } else if (kind === "INDOOR") {
      material("CONDOMS", contacts * rng.int(8, 20));
      material("LEAFLETS", newContacts + rng.int(0, contacts));
    } else {
      material("HYGIENE_KITS", rng.int(0, contacts));
      material("FOOD", rng.int(Math.floor(contacts / 2), contacts));
      material("LEAFLETS", rng.int(0, newContacts + 2));
      if (rng.chance(0.3)) material("OTHER", rng.int(1, Math.ceil(contacts / 2) + 1));
    }
  }

  private training(): void {
    const rng = this.rng("training");
    const p = this.profile;
    const perYear = Math.max(1, Math.round((3 + p.placesFactor * 3) * this.scale));
    const towns = p.municipalities;
    for (let year = yearOf(this.start); year <= yearOf(this.today); year++) {
      const jan1 = parseDay(`${year}-01-01`);
      const events: { day: Day; audience: TrainingAudience; title?: string }[] = [];
      const count = rng.around(perYear, 1, Math.max(1, perYear - 2), perYear + 2);
      for (let i = 0; i < count; i++) {
        let day = jan1 + rng.int(10, 350);
        if (monthOf(day) === 8) day += 25; // nothing in August
        const dow = weekday(day);
        if (dow === 0) day += 1;
        if (dow === 6) day += 2;
        events.push({ day, audience: rng.weighted(AUDIENCES) });
      }
      // The two days of the year: 30 July (UN world day) and 18 October (EU anti-trafficking day).
      if (rng.chance(0.5)) events.push({ day: parseDay(`${year}-07-30`), audience: "CITIZENS", title: "Giornata mondiale contro la tratta di persone" });
      events.push({ day: parseDay(`${year}-10-18`), audience: rng.chance(0.7) ? "CITIZENS" : "SCHOOLS", title: "Giornata europea contro la tratta" });
      events.sort((a, b) => a.day - b.day);
      for (const e of events) {
        if (e.day < this.start || e.day > this.today) continue;
        const professional = !(e.audience === "CITIZENS" || e.audience === "SCHOOLS");
        const kind: TrainingKind = professional && rng.chance(0.9) ? "TRAINING" : "AWARENESS";
        const [mean, sd, min, max] = PARTICIPANTS[e.audience];
        const town = rng.chance(0.5) ? towns[0]! : rng.pick(towns);
        this.out.trainingEvents.push({
          id: this.id("training"),
          kind,
          audience: e.audience,
          heldOn: dayToDate(e.day),
          title: `${e.title ?? rng.pick(TITLES[e.audience])} – ${town}`,
          participants: rng.around(mean, sd, min, max),
        });
      }
    }
  }
}

// ----- helpers and tables ---------------------------------------------------------------------

function isPhase(next: Next): next is CasePhase {
  return (PHASE_ORDER as readonly string[]).includes(next);
}

function isFree(slot: PlaceSlot, start: Day, end: Day | null, except?: Interval): boolean {
  for (const i of slot.intervals) {
    if (i === except) continue;
    const iEnd = i.end ?? Number.POSITIVE_INFINITY;
    const newEnd = end ?? Number.POSITIVE_INFINITY;
    if (i.start < newEnd && start < iEnd) return false;
  }
  return true;
}

function structureTypesFor(phase: CasePhase, rng: Rng): StructureType[] {
  switch (phase) {
    case "IMMEDIATE_PROTECTION":
      return ["EMERGENCY_SHELTER", "RESIDENTIAL_COMMUNITY"];
    case "RESIDENTIAL_RECEPTION":
      return ["RESIDENTIAL_COMMUNITY"];
    case "SEMI_AUTONOMY":
      return rng.chance(0.6) ? ["SEMI_AUTONOMY", "HOUSING"] : ["HOUSING", "SEMI_AUTONOMY"];
    default:
      return [];
  }
}

function genderFor(rng: Rng, type: ExploitationType): Gender {
  const w = (woman: number, man: number, trans: number): Weighted<Gender> => [["WOMAN", woman], ["MAN", man], ["TRANS_NON_BINARY", trans]];
  switch (type) {
    case "SEXUAL":
      return rng.weighted(w(91, 3, 6));
    case "LABOUR_AGRICULTURE":
      return rng.weighted(w(25, 75, 0));
    case "LABOUR_CONSTRUCTION":
      return rng.weighted(w(3, 97, 0));
    case "LABOUR_CATERING":
      return rng.weighted(w(40, 60, 0));
    case "LABOUR_DOMESTIC_CARE":
      return rng.weighted(w(90, 10, 0));
    case "LABOUR_OTHER":
      return rng.weighted(w(40, 60, 0));
    case "BEGGING":
      return rng.weighted(w(50, 48, 2));
    case "FORCED_ILLEGAL_ACTIVITIES":
      return rng.weighted(w(30, 68, 2));
    case "FORCED_MARRIAGE":
      return rng.weighted(w(96, 4, 0));
  }
}

function secondaryType(rng: Rng, primary: ExploitationType): ExploitationType {
  if (primary === "SEXUAL") return rng.weighted<ExploitationType>([["FORCED_ILLEGAL_ACTIVITIES", 5], ["BEGGING", 2], ["LABOUR_DOMESTIC_CARE", 3]]);
  if (primary === "FORCED_MARRIAGE") return rng.weighted<ExploitationType>([["SEXUAL", 5], ["LABOUR_DOMESTIC_CARE", 5]]);
  if (primary === "BEGGING") return rng.weighted<ExploitationType>([["FORCED_ILLEGAL_ACTIVITIES", 6], ["SEXUAL", 4]]);
  if (primary === "FORCED_ILLEGAL_ACTIVITIES") return rng.weighted<ExploitationType>([["SEXUAL", 5], ["BEGGING", 5]]);
  if (primary === "LABOUR_DOMESTIC_CARE") return rng.weighted<ExploitationType>([["SEXUAL", 6], ["LABOUR_OTHER", 4]]);
  return rng.weighted<ExploitationType>([["LABOUR_OTHER", 5], ["FORCED_ILLEGAL_ACTIVITIES", 3], ["BEGGING", 2]]);
}

function citizenshipFor(rng: Rng, type: ExploitationType, gender: Gender): string {
  if (gender === "TRANS_NON_BINARY") return rng.weighted(CITIZENSHIP_TRANS);
  switch (type) {
    case "SEXUAL":
      return rng.weighted(CITIZENSHIP_SEXUAL_WOMEN);
    case "BEGGING":
      return rng.weighted(CITIZENSHIP_BEGGING);
    case "FORCED_ILLEGAL_ACTIVITIES":
      return rng.weighted(CITIZENSHIP_ILLEGAL);
    case "FORCED_MARRIAGE":
      return rng.weighted(CITIZENSHIP_MARRIAGE);
    default:
      return rng.weighted(CITIZENSHIP_LABOUR[labourGroup(type)]);
  }
}

type Band = "MINOR" | "18_20" | "21_25" | "26_30" | "31_40" | "41";
const BAND_AGES: Record<Band, [number, number]> = { MINOR: [14, 17], "18_20": [18, 20], "21_25": [21, 25], "26_30": [26, 30], "31_40": [31, 40], "41": [41, 58] };

function ageFor(rng: Rng, type: ExploitationType): number {
  const w = (m: number, a: number, b: number, c: number, d: number, e: number): Weighted<Band> => [
    ["MINOR", m], ["18_20", a], ["21_25", b], ["26_30", c], ["31_40", d], ["41", e],
  ];
  let weights: Weighted<Band>;
  if (type === "SEXUAL") weights = w(6, 24, 34, 19, 13, 4);
  else if (type === "LABOUR_DOMESTIC_CARE") weights = w(1, 4, 12, 18, 30, 35);
  else if (LABOUR.has(type)) weights = w(2, 10, 24, 26, 27, 11);
  else if (type === "FORCED_MARRIAGE") weights = w(18, 35, 30, 12, 5, 0);
  else if (type === "BEGGING") weights = w(10, 18, 24, 18, 18, 12);
  else weights = w(8, 30, 35, 17, 10, 0);
  const band = rng.weighted(weights);
  const [lo, hi] = BAND_AGES[band];
  return band === "MINOR" ? rng.weighted([[14, 1], [15, 2], [16, 4], [17, 6]]) : rng.int(lo, hi);
}

function referralFor(rng: Rng, type: ExploitationType, gender: Gender): ReferralSource {
  const w = (su: number, di: number, nv: number, ct: number, cas: number, pol: number, hs: number, self: number, op: number): Weighted<ReferralSource> => [
    ["STREET_UNIT", su], ["DROP_IN", di], ["NUMERO_VERDE", nv], ["COMMISSIONE_TERRITORIALE", ct], ["CAS", cas],
    ["POLICE", pol], ["HEALTH_SOCIAL_SERVICES", hs], ["SELF_REFERRAL", self], ["OTHER_PROVINCE", op],
  ];
  if (type === "SEXUAL") return rng.weighted(gender === "TRANS_NON_BINARY" ? w(40, 20, 6, 4, 2, 8, 10, 8, 2) : w(28, 11, 8, 18, 14, 6, 6, 6, 3));
  if (LABOUR.has(type)) return rng.weighted(w(2, 6, 14, 8, 12, 22, 15, 18, 3));
  return rng.weighted(w(10, 10, 12, 12, 12, 18, 14, 8, 4));
}

const SERVICE_RATES: Record<CasePhase, readonly (readonly [ServiceKind, number])[]> = {
  FIRST_CONTACT: [["ACCOMPANIMENT", 0.06], ["HEALTH", 0.05], ["CULTURAL_MEDIATION", 0.02]],
  IDENTIFICATION: [["CULTURAL_MEDIATION", 0.3], ["LEGAL", 0.4], ["HEALTH", 0.15], ["PSYCHOLOGICAL", 0.1]],
  IMMEDIATE_PROTECTION: [["HEALTH", 1.0], ["LEGAL", 0.7], ["PSYCHOLOGICAL", 0.6], ["ACCOMPANIMENT", 0.6], ["CULTURAL_MEDIATION", 0.4]],
  RESIDENTIAL_RECEPTION: [["HEALTH", 0.25], ["LEGAL", 0.25], ["PSYCHOLOGICAL", 0.3], ["LANGUAGE_COURSE", 0.12], ["VOCATIONAL_TRAINING", 0.08], ["ACCOMPANIMENT", 0.2], ["CULTURAL_MEDIATION", 0.1]],
  SEMI_AUTONOMY: [["VOCATIONAL_TRAINING", 0.08], ["HOUSING_SUPPORT", 0.15], ["LEGAL", 0.1], ["LANGUAGE_COURSE", 0.06], ["PSYCHOLOGICAL", 0.1]],
  TERRITORIAL_CARE: [["LEGAL", 0.15], ["VOCATIONAL_TRAINING", 0.06], ["HOUSING_SUPPORT", 0.06], ["PSYCHOLOGICAL", 0.06], ["LANGUAGE_COURSE", 0.05]],
};

const SERVICE_NOTES: Record<ServiceKind, readonly string[]> = {
  HEALTH: ["Visita medica generale", "Screening MST", "Visita ginecologica", "Iscrizione al SSN", "Vaccinazioni", "Visita odontoiatrica"],
  LEGAL: ["Consulenza legale sul percorso di regolarizzazione", "Preparazione audizione in Commissione", "Accompagnamento in Questura", "Consulenza su denuncia"],
  PSYCHOLOGICAL: ["Colloquio di sostegno psicologico", "Presa in carico etnopsichiatrica", "Gruppo di sostegno"],
  CULTURAL_MEDIATION: ["Mediazione linguistico-culturale", "Mediazione con la struttura sanitaria"],
  LANGUAGE_COURSE: ["Corso di italiano L2 – livello A1", "Corso di italiano L2 – livello A2", "Iscrizione al CPIA", "Esame licenza media al CPIA"],
  VOCATIONAL_TRAINING: ["Corso ASA", "Corso HACCP", "Corso di aiuto cuoco", "Corso sicurezza sul lavoro", "Corso di pulizie professionali"],
  JOB_PLACEMENT: ["Tirocinio extracurricolare – ristorazione", "Tirocinio – pulizie", "Contratto a tempo determinato – logistica", "Borsa lavoro – assistenza familiare", "Tirocinio – azienda agricola", "Contratto part-time – commercio"],
  HOUSING_SUPPORT: ["Ricerca alloggio in autonomia", "Contributo affitto", "Accompagnamento alla residenza anagrafica"],
  ACCOMPANIMENT: ["Accompagnamento al consultorio", "Accompagnamento al pronto soccorso", "Accompagnamento ai servizi sociali", "Accompagnamento in Questura"],
};

function permitNote(permit: PermitType): string | null {
  if (permit === "ART_18") return "Percorso sociale art. 18 D.Lgs. 286/1998";
  if (permit === "ART_22") return "Art. 22 c. 12-quater D.Lgs. 286/1998";
  return null;
}

const OUTING_NOTES: Record<OutingKind, readonly string[]> = {
  STREET_UNIT: ["Presenza di persone nuove in strada", "Controlli delle forze dell'ordine in zona", "Uscita ridotta per maltempo", "Segnalata una persona minorenne, attivato il pronto intervento"],
  INDOOR: ["Contatti telefonici da annunci online", "Nuovi appartamenti individuati"],
  DROP_IN: ["Accesso per orientamento sanitario", "Richieste di orientamento legale", "Distribuzione vestiario"],
};

const AUDIENCES: Weighted<TrainingAudience> = [
  ["POLICE", 16], ["CAS_STAFF", 16], ["LOCAL_AUTHORITIES", 12], ["HEALTH_SERVICES", 10], ["SOCIAL_SERVICES", 10], ["SCHOOLS", 14], ["CITIZENS", 22],
];

const PARTICIPANTS: Record<TrainingAudience, [number, number, number, number]> = {
  POLICE: [25, 8, 8, 60],
  CAS_STAFF: [20, 6, 6, 45],
  LOCAL_AUTHORITIES: [18, 6, 5, 40],
  HEALTH_SERVICES: [22, 8, 6, 50],
  SOCIAL_SERVICES: [20, 7, 6, 45],
  SCHOOLS: [90, 40, 20, 250],
  CITIZENS: [55, 25, 12, 180],
};

const TITLES: Record<TrainingAudience, readonly string[]> = {
  POLICE: ["Indicatori di tratta e procedure di invio per le Forze dell'Ordine", "Tratta e sfruttamento lavorativo: strumenti per l'identificazione", "Il referral delle vittime: Forze dell'Ordine e enti antitratta"],
  CAS_STAFF: ["Riconoscere le vittime di tratta tra i richiedenti asilo", "Tratta e protezione internazionale: formazione per operatori CAS", "Procedure di segnalazione dal CAS al sistema antitratta"],
  LOCAL_AUTHORITIES: ["Tratta e grave sfruttamento: il ruolo degli enti locali", "Rete territoriale antitratta: incontro con i Comuni"],
  HEALTH_SERVICES: ["Tratta e salute: formazione per operatori sanitari", "Riconoscere i segnali di sfruttamento nei servizi sanitari"],
  SOCIAL_SERVICES: ["Sfruttamento lavorativo e servizi sociali territoriali", "Minori stranieri e rischio di tratta: formazione per assistenti sociali"],
  SCHOOLS: ["Incontro di sensibilizzazione nelle scuole superiori", "La tratta di esseri umani spiegata ai ragazzi"],
  CITIZENS: ["Serata pubblica: la tratta di esseri umani oggi", "Proiezione e dibattito sulla tratta", "Caporalato e sfruttamento lavorativo: incontro pubblico"],
};
