/**
 * The patient record, indexed ONCE per evaluation: by resource type, and per "slot" (a coded field of
 * a resource type) by code system → code → resources. A rule asks for "Conditions whose code is in set
 * S"; the index answers by walking the patient's distinct codes in that slot (tens, not thousands) and
 * never rescans the record. Answers are cached per (slot, set) because several rules share queries.
 */
import type {
  AllergyIntolerance,
  CarePlan,
  CodeableConcept,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FhirResource,
  Goal,
  ImagingStudy,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Reference,
  Resource,
  ServiceRequest,
} from 'fhir/r4';
import { normalizeCode, type CodeMatcher, type CodeSets } from './codes';
import { DECISIONS } from './decisions';

import { RXNORM } from '../fhir/vocabulary';

export interface SlotTypes {
  Condition: Condition;
  Observation: Observation;
  /** Observation.component.code — blood-pressure panels are found by their components. */
  'Observation.component': Observation;
  Procedure: Procedure;
  MedicationRequest: MedicationRequest;
  MedicationStatement: MedicationStatement;
  ServiceRequest: ServiceRequest;
  /** Encounter.type and Encounter.serviceType. */
  Encounter: Encounter;
  'Encounter.reason': Encounter;
  DiagnosticReport: DiagnosticReport;
  /** ImagingStudy.procedureCode. */
  ImagingStudy: ImagingStudy;
  AllergyIntolerance: AllergyIntolerance;
  /** DocumentReference.type and .category. */
  DocumentReference: DocumentReference;
}
export type Slot = keyof SlotTypes;

export interface TypeMap {
  Patient: Patient;
  Condition: Condition;
  Observation: Observation;
  Procedure: Procedure;
  MedicationRequest: MedicationRequest;
  MedicationStatement: MedicationStatement;
  ServiceRequest: ServiceRequest;
  Encounter: Encounter;
  Goal: Goal;
  CarePlan: CarePlan;
  DocumentReference: DocumentReference;
}

type CodeIndex = Map<string, Map<string, Resource[]>>;

export function refOf(r: Resource): string {
  return `${r.resourceType}/${r.id ?? ''}`;
}

/** `Type/id` of a reference: relative, absolute URL or already resolved; undefined for `#contained`/urn. */
export function referenceKey(ref: Reference | undefined): string | undefined {
  const m = ref?.reference
    ? /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref.reference)
    : null;
  return m?.[1];
}

export class PatientRecord {
  readonly patient: Patient | undefined;
  private readonly byType = new Map<string, Resource[]>();
  /** Type → id → resource, built for a type the first time a reference to it is resolved: few
   * records resolve any, and keying every resource up front cost more than the rest of the index. */
  private readonly byId = new Map<string, Map<string, Resource>>();
  private readonly slots = new Map<Slot, CodeIndex>();
  private readonly cache = new Map<string, Resource[]>();
  private readonly medConcepts = new WeakMap<Resource, (CodeableConcept | undefined)[]>();

  constructor(
    resources: readonly Resource[],
    readonly codes: CodeSets,
  ) {
    for (const r of resources) {
      const list = this.byType.get(r.resourceType);
      if (list) list.push(r);
      else this.byType.set(r.resourceType, [r]);
    }
    this.patient = this.byType.get('Patient')?.[0] as Patient | undefined;

    // Input is typed as the base Resource (anything may come in); the switch narrows the union.
    for (const r of resources as readonly FhirResource[]) {
      switch (r.resourceType) {
        case 'Condition':
        case 'Procedure':
        case 'ServiceRequest':
        case 'DiagnosticReport':
        case 'AllergyIntolerance':
          this.put(r.resourceType, r, [r.code]);
          break;
        case 'Observation':
          this.put('Observation', r, [r.code]);
          if (r.component)
            this.put(
              'Observation.component',
              r,
              r.component.map((c) => c.code),
            );
          break;
        case 'MedicationRequest':
        case 'MedicationStatement':
          this.put(r.resourceType, r, this.medicationConcepts(r));
          break;
        case 'Encounter':
          this.put('Encounter', r, [...(r.type ?? []), r.serviceType]);
          if (r.reasonCode) this.put('Encounter.reason', r, r.reasonCode);
          break;
        case 'ImagingStudy':
          this.put('ImagingStudy', r, r.procedureCode ?? []);
          break;
        case 'DocumentReference':
          this.put('DocumentReference', r, [r.type, ...(r.category ?? [])]);
          break;
        default:
          break;
      }
    }
  }

  all<T extends keyof TypeMap>(type: T): readonly TypeMap[T][] {
    return (this.byType.get(type) ?? []) as TypeMap[T][];
  }

  resolve(ref: Reference | undefined): FhirResource | undefined {
    const key = referenceKey(ref);
    if (!key) return undefined;
    const slash = key.indexOf('/');
    const type = key.slice(0, slash);
    let ids = this.byId.get(type);
    if (!ids) {
      ids = new Map();
      // A later resource with the same id wins, as a later write would.
      for (const r of this.byType.get(type) ?? []) if (r.id) ids.set(r.id, r);
      this.byId.set(type, ids);
    }
    // Every stored resource came in through the constructor, whose input is a FHIR resource.
    return ids.get(key.slice(slash + 1)) as FhirResource | undefined;
  }

  /** Resources whose coded field `slot` holds a code in `set` (each resource once, record order kept). */
  find<S extends Slot>(slot: S, set: CodeMatcher): SlotTypes[S][] {
    const cacheKey = `${slot}\u0000${set.key}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit as SlotTypes[S][];
    const found = new Set<Resource>();
    const index = this.slots.get(slot);
    if (index) {
      for (const [system, codes] of index) {
        for (const [code, resources] of codes) {
          if (set.has(system, code)) for (const r of resources) found.add(r);
        }
      }
    }
    const list = [...found];
    this.cache.set(cacheKey, list);
    return list as SlotTypes[S][];
  }

  /** True when any coding of `concepts` is in `set` (for fields the index does not cover). */
  matches(concepts: readonly (CodeableConcept | undefined)[], set: CodeMatcher): boolean {
    for (const cc of concepts) {
      for (const c of cc?.coding ?? []) {
        if (!c.code) continue;
        const system = this.codes.aliasOf(c.system);
        if (set.has(system, normalizeCode(system, c.code))) return true;
      }
    }
    return false;
  }

  /** RxNorm codes of a medication resource: the product and, when given, its ingredients. */
  rxnormCodes(r: MedicationRequest | MedicationStatement): string[] {
    const out: string[] = [];
    for (const cc of this.medicationConcepts(r)) {
      for (const c of cc?.coding ?? [])
        if (c.code && this.codes.aliasOf(c.system) === 'rxnorm') out.push(c.code.trim());
    }
    return out;
  }

  /**
   * The medication's coded concepts: the product, or a referenced Medication's code and ingredients.
   * When none of its RxNorm codes is in any list (an SBD or a newer SCD the VSAC expansion lacks), the
   * ingredients named in its text stand in for the RxNav normalisation §0.5 asks for
   * (DECISIONS.medicationNameFallback).
   */
  medicationConcepts(r: MedicationRequest | MedicationStatement): (CodeableConcept | undefined)[] {
    let concepts = this.medConcepts.get(r);
    if (!concepts) {
      concepts = this.ownMedicationConcepts(r);
      const rx = concepts.flatMap((cc) =>
        (cc?.coding ?? []).filter((c) => c.code && this.codes.aliasOf(c.system) === 'rxnorm'),
      );
      if (
        DECISIONS.medicationNameFallback.value &&
        !rx.some((c) => this.codes.knowsRxnorm((c.code as string).trim()))
      ) {
        const names = [...concepts.map((cc) => cc?.text), ...rx.map((c) => c.display)]
          .filter(Boolean)
          .join(' | ');
        const ingredients = names ? this.codes.ingredientsNamedIn(names) : [];
        if (ingredients.length)
          concepts = [...concepts, { coding: ingredients.map((code) => ({ system: RXNORM, code })) }];
      }
      this.medConcepts.set(r, concepts);
    }
    return concepts;
  }

  private ownMedicationConcepts(r: MedicationRequest | MedicationStatement): (CodeableConcept | undefined)[] {
    if (r.medicationCodeableConcept) return [r.medicationCodeableConcept];
    const ref = r.medicationReference?.reference;
    let med: Medication | undefined;
    if (ref?.startsWith('#')) {
      med = r.contained?.find(
        (c): c is Medication => c.resourceType === 'Medication' && `#${c.id ?? ''}` === ref,
      );
    } else {
      const found = this.resolve(r.medicationReference);
      if (found?.resourceType === 'Medication') med = found;
    }
    if (!med) return [];
    return [med.code, ...(med.ingredient ?? []).map((i) => i.itemCodeableConcept)];
  }

  // The last system URI and its alias: a record codes most of a slot in one or two systems, and
  // looking a URI up (a fresh string per coding, as JSON.parse made it) costs more than comparing it
  // with the previous one.
  private lastUri: string | undefined = undefined;
  private lastAlias = '';

  private put(slot: Slot, r: Resource, concepts: readonly (CodeableConcept | undefined)[]): void {
    let index = this.slots.get(slot);
    if (!index) this.slots.set(slot, (index = new Map()));
    for (const cc of concepts) {
      for (const c of cc?.coding ?? []) {
        if (!c.code) continue;
        if (c.system !== this.lastUri) {
          this.lastUri = c.system;
          this.lastAlias = this.codes.aliasOf(c.system);
        }
        const system = this.lastAlias;
        const code = normalizeCode(system, c.code);
        let codes = index.get(system);
        if (!codes) index.set(system, (codes = new Map()));
        const list = codes.get(code);
        if (!list) codes.set(code, [r]);
        else if (list[list.length - 1] !== r) list.push(r);
      }
    }
  }
}
