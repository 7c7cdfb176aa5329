/**
 * A big record for the bench: Maria's hand-made chart (the same banner, problems and goals as the
 * small fixture patient it is measured against) under her own id, plus 20,000 Observations and
 * 2,000 MedicationRequests spread over fifteen years — years of home blood pressure and weight
 * readings, labs and refills. Observations and medications are copies of the shipped fixtures'
 * own (Synthea's and Maria's), so every code is one the project already carries; the same seed
 * gives the same record.
 *
 * The sandbox loads it in-process: `bigRecordFixtures()` writes a fixtures folder (the shipped
 * fixtures plus this patient) that `startSandbox({ fixturesDir })` reads like any other.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, FhirResource, MedicationRequest, Observation } from 'fhir/r4';
import { seededRandom, type Random } from '../analytics/population/random';

const FIXTURES = fileURLToPath(new URL('../fhir-fixtures/', import.meta.url));
const SMALL = 'patients/maria-problem-list.json';
const SMALL_ID = 'cg-maria';
export const BIG_PATIENT_ID = 'cg-maria-big';

export interface BigRecordOptions {
  observations?: number;
  medicationRequests?: number;
  seed?: string;
}

const DAY_MS = 86_400_000;
const YEARS = 15;

function readBundle(path: string): Bundle {
  return JSON.parse(readFileSync(path, 'utf8')) as Bundle;
}

function resourcesOf(bundle: Bundle): FhirResource[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

/** Observations with a number to chart (a value or components), and the medications, as templates. */
function templates(): { observations: Observation[]; medications: MedicationRequest[] } {
  const all = [
    ...resourcesOf(readBundle(join(FIXTURES, SMALL))),
    ...readdirSync(join(FIXTURES, 'synthea'))
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => resourcesOf(readBundle(join(FIXTURES, 'synthea', f)))),
  ];
  const observations = all.filter(
    (r): r is Observation =>
      r.resourceType === 'Observation' &&
      (r.valueQuantity?.value !== undefined || (r.component ?? []).some((c) => c.valueQuantity)),
  );
  const medications = all.filter(
    (r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && !!r.medicationCodeableConcept,
  );
  // One template per code, so a common code is not drawn more often for being common in Synthea.
  const byCode = new Map<string, Observation>();
  for (const o of observations) byCode.set(o.code.coding?.[0]?.code ?? o.code.text ?? '', o);
  const meds = new Map<string, MedicationRequest>();
  for (const m of medications) meds.set(m.medicationCodeableConcept?.coding?.[0]?.code ?? '', m);
  return { observations: [...byCode.values()], medications: [...meds.values()] };
}

/** Moves a number by up to ±10 %, kept to the template's precision. */
function jitter(rng: Random, value: number): number {
  const decimals = (String(value).split('.')[1] ?? '').length;
  const moved = value * (0.9 + rng.next() * 0.2);
  return Number(moved.toFixed(Math.min(decimals, 2)));
}

function withoutVisitLinks<T extends FhirResource>(r: T): T {
  // The template's own visit, prescriber and reasons belong to another chart.
  const copy = structuredClone(r) as T & Record<string, unknown>;
  for (const field of ['encounter', 'requester', 'performer', 'reasonReference', 'basedOn', 'hasMember'])
    delete copy[field];
  delete copy.meta;
  return copy;
}

/** Sorted instants between `years` before `end` and a day before it. */
function dates(rng: Random, n: number, end: number): string[] {
  const span = YEARS * 365 * DAY_MS;
  return Array.from({ length: n }, () => end - DAY_MS - Math.floor(rng.next() * span))
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
}

/** The big patient as one collection Bundle. */
export function bigPatientBundle(options: BigRecordOptions = {}): Bundle {
  const rng = seededRandom(options.seed ?? 'big-record');
  const nObs = options.observations ?? 20_000;
  const nMeds = options.medicationRequests ?? 2_000;
  // Maria's chart, every id and reference moved to the big patient's own.
  const own = JSON.parse(
    readFileSync(join(FIXTURES, SMALL), 'utf8').replaceAll(SMALL_ID, BIG_PATIENT_ID),
  ) as Bundle;
  const chart = resourcesOf(own);
  const patient = chart.find((r) => r.resourceType === 'Patient');
  if (patient?.resourceType === 'Patient') {
    // Told apart from Maria in the launcher; the MRN stays unique.
    patient.name = [{ use: 'official', family: 'Whitfield', given: ['Marta'] }];
    patient.identifier = [{ system: 'https://common-ground.example/mrn', value: 'CG-MARIA-BIG' }];
  }
  // The last visit anchors the sandbox's date shift: nothing generated comes after it.
  const lastVisit = Math.max(
    ...chart.flatMap((r) =>
      r.resourceType === 'Encounter' && r.period?.start ? [Date.parse(r.period.start)] : [],
    ),
  );
  const { observations, medications } = templates();
  const subject = { reference: `Patient/${BIG_PATIENT_ID}` };
  const generated: FhirResource[] = [];
  dates(rng, nObs, lastVisit).forEach((at, i) => {
    const o = withoutVisitLinks(rng.pick(observations));
    o.id = `${BIG_PATIENT_ID}-obs-${i}`;
    o.subject = subject;
    o.status = 'final';
    o.effectiveDateTime = at;
    delete o.effectivePeriod;
    o.issued = at;
    if (o.valueQuantity?.value !== undefined) o.valueQuantity.value = jitter(rng, o.valueQuantity.value);
    for (const c of o.component ?? [])
      if (c.valueQuantity?.value !== undefined) c.valueQuantity.value = jitter(rng, c.valueQuantity.value);
    generated.push(o);
  });
  dates(rng, nMeds, lastVisit).forEach((at, i) => {
    const m = withoutVisitLinks(rng.pick(medications));
    m.id = `${BIG_PATIENT_ID}-med-${i}`;
    m.subject = subject;
    // Years of refills: the older ones are done with, the last few still running.
    m.status = i >= nMeds - 5 ? 'active' : 'completed';
    m.intent = 'order';
    m.authoredOn = at;
    generated.push(m);
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [...chart, ...generated].map((resource) => ({ resource })),
  };
}

/** A fixtures folder for `startSandbox`: the shipped fixtures plus the big patient. */
export function bigRecordFixtures(options: BigRecordOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-big-record-'));
  cpSync(FIXTURES, dir, { recursive: true });
  writeFileSync(join(dir, 'patients', 'maria-big-record.json'), JSON.stringify(bigPatientBundle(options)));
  return dir;
}
