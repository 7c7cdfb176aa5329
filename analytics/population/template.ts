/**
 * The shipped fixture patients as templates for the population generator. Each template resource
 * is compiled once into literal JSON text with slots for its id, the references to other resources
 * of the same patient and every date (found by the R4 type schema, as the sandbox's date shifter
 * does). A generated patient is then written by filling the slots — new ids, dates moved by whole
 * days — without parsing or serialising the resource again, so a million resources cost little.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Patient, Resource } from 'fhir/r4';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';
import { mapDates } from '../../sandbox/fixtures/date-fields';
import { anchorDate, shiftDateValue } from '../../sandbox/fixtures/date-shift';

/** A slot is filled per generated patient. */
type Slot = { kind: 'id'; index: number } | { kind: 'patient' } | { kind: 'date'; value: string };

export interface CompiledResource {
  resourceType: string;
  /** Literal JSON text around the slots: pieces[0] slot[0] pieces[1] … pieces[n]. */
  pieces: string[];
  slots: Slot[];
  /** Earliest date in the resource (UTC ms, as written), to drop what would predate a new birth date. */
  earliest: number | undefined;
}

export interface Template {
  /** Where it came from, e.g. `synthea/Allen….json` or `rules/r1.json#r1-pos-icd`. */
  source: string;
  /** The template patient's own facts; the generated Patient is written fresh. */
  patient: Patient;
  /** The newest Encounter's start (the day every date is moved relative to). */
  anchor: string;
  resources: CompiledResource[];
  /** Index of the newest Encounter (the visit generated app use is tied to). */
  lastEncounter: number | undefined;
}

const SENTINEL = /⟦(\d+)⟧/;
const DAY_MS = 86_400_000;

function dayOf(value: string): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2] ?? '1') - 1, Number(m[3] ?? '1'));
}

/** Every `reference` string in a resource (extensions and backbone elements included). */
function eachReference(node: unknown, visit: (holder: { reference: string }) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) eachReference(item, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.reference === 'string') visit(record as { reference: string });
  // Contained resources too: their `#id` references match nothing and stay as written.
  for (const value of Object.values(record)) if (typeof value === 'object') eachReference(value, visit);
}

function compile(
  resource: Resource,
  localIndex: ReadonlyMap<string, number>,
  types: readonly string[],
  patientKeys: ReadonlySet<string>,
): CompiledResource {
  const copy = structuredClone(resource) as Resource & Record<string, unknown>;
  const slots: Slot[] = [];
  const slot = (s: Slot): string => `⟦${slots.push(s) - 1}⟧`;
  let earliest: number | undefined;
  mapDates(copy, (value) => {
    const day = dayOf(value);
    if (day !== undefined && (earliest === undefined || day < earliest)) earliest = day;
    return slot({ kind: 'date', value });
  });
  eachReference(copy, (holder) => {
    if (patientKeys.has(holder.reference)) {
      holder.reference = `Patient/${slot({ kind: 'patient' })}`;
      return;
    }
    const target = localIndex.get(holder.reference);
    if (target === undefined) {
      // A Bundle-local reference to something not in the Bundle (Synthea's providers) cannot be
      // written as a bulk-export reference; its words are all that is left of it.
      if (holder.reference.startsWith('urn:uuid:')) {
        const h = holder as { reference?: string; display?: string };
        delete h.reference;
        h.display ??= 'Not in this export';
      }
      return;
    }
    holder.reference = `${types[target] ?? 'Resource'}/${slot({ kind: 'id', index: target })}`;
  });
  const own = localIndex.get(`${resource.resourceType}/${resource.id ?? ''}`);
  if (own !== undefined) copy.id = slot({ kind: 'id', index: own });
  // Server metadata of the template (versions, profiles it once claimed) is not the new record's.
  delete copy.meta;
  const text = JSON.stringify(copy);
  const parts = text.split(SENTINEL);
  const pieces = parts.filter((_, i) => i % 2 === 0);
  // The text holds the slots in document order, not in the order they were made.
  const ordered = parts.filter((_, i) => i % 2 === 1).map((n) => slots[Number(n)] as Slot);
  return { resourceType: resource.resourceType, pieces, slots: ordered, earliest };
}

/** One template resource as an NDJSON line for a generated patient. */
export function fill(r: CompiledResource, ids: { patient: string; prefix: string }, days: number): string {
  let out = r.pieces[0] ?? '';
  for (let i = 0; i < r.slots.length; i++) {
    const s = r.slots[i] as Slot;
    out +=
      s.kind === 'date'
        ? shiftDateValue(s.value, days)
        : s.kind === 'patient'
          ? ids.patient
          : `${ids.prefix}${s.index.toString(36)}`;
    out += r.pieces[i + 1] ?? '';
  }
  return out;
}

export function shiftedDay(r: CompiledResource, days: number): number | undefined {
  return r.earliest === undefined ? undefined : r.earliest + days * DAY_MS;
}

/** The Encounter a resource belongs to (its first reference to one), for trimming by visit. */
function encounterOf(resource: Resource, encounterKeys: ReadonlyMap<string, string>): string | undefined {
  if (resource.resourceType === 'Encounter') return `Encounter/${resource.id ?? ''}`;
  let found: string | undefined;
  eachReference(resource, (h) => {
    found ??= encounterKeys.get(h.reference);
  });
  return found;
}

/**
 * Keeps a record near `target` resources: everything tied to no visit (problems, allergies, the
 * medication list), then the visits newest first with what they produced (observations, reports,
 * claims), until the target is reached. A long Synthea life story becomes a recent chart.
 */
function trimToTarget(
  resources: Resource[],
  target: number,
  fullUrls: ReadonlyMap<Resource, string>,
): Resource[] {
  if (resources.length <= target) return resources;
  const encounterKeys = new Map<string, string>();
  for (const [key, r] of keysOf(resources, fullUrls))
    if (r.resourceType === 'Encounter') encounterKeys.set(key, `Encounter/${r.id ?? ''}`);
  const byVisit = new Map<string, Resource[]>();
  const global: Resource[] = [];
  for (const r of resources) {
    const visit = encounterOf(r, encounterKeys);
    if (visit === undefined || r.resourceType === 'Condition' || r.resourceType === 'AllergyIntolerance')
      global.push(r);
    else byVisit.set(visit, [...(byVisit.get(visit) ?? []), r]);
  }
  const visits = resources
    .filter((r) => r.resourceType === 'Encounter')
    .sort((a, b) => {
      const pa = (a as { period?: { start?: string } }).period?.start ?? '';
      const pb = (b as { period?: { start?: string } }).period?.start ?? '';
      return pb.localeCompare(pa);
    });
  const kept = [...global];
  for (const v of visits) {
    if (kept.length >= target) break;
    kept.push(...(byVisit.get(`Encounter/${v.id ?? ''}`) ?? []));
  }
  return kept;
}

/** Every key a reference may use for a resource: `Type/id` and, in a Bundle, its fullUrl. */
function keysOf(resources: Resource[], fullUrls?: ReadonlyMap<Resource, string>): [string, Resource][] {
  const out: [string, Resource][] = [];
  for (const r of resources) {
    if (r.id) out.push([`${r.resourceType}/${r.id}`, r]);
    const full = fullUrls?.get(r);
    if (full) out.push([full, r]);
  }
  return out;
}

function templateOf(
  source: string,
  patient: Patient,
  own: Resource[],
  fullUrls: ReadonlyMap<Resource, string>,
  target: number,
): Template | undefined {
  const kept = trimToTarget(own, target, fullUrls);
  const anchor = anchorDate([patient, ...kept]);
  if (!anchor) return undefined;
  const localIndex = new Map<string, number>();
  kept.forEach((r, i) => {
    for (const [key, hit] of keysOf([r], fullUrls)) if (hit === r) localIndex.set(key, i);
  });
  const patientKeys = new Set([`Patient/${patient.id ?? ''}`, fullUrls.get(patient) ?? '']);
  patientKeys.delete('');
  const types = kept.map((r) => r.resourceType);
  const resources = kept.map((r) => compile(r, localIndex, types, patientKeys));
  const last = kept.findIndex(
    (r) => r.resourceType === 'Encounter' && (r as { period?: { start?: string } }).period?.start === anchor,
  );
  return { source, patient, anchor, resources, lastEncounter: last >= 0 ? last : undefined };
}

/**
 * Splits a Bundle into one template per Patient: each patient's own resources (by a reference to
 * them) and the shared ones they point at (a Medication).
 */
function templatesOfBundle(source: string, bundle: Bundle, target: number): Template[] {
  const entries = (bundle.entry ?? []).flatMap((e) =>
    e.resource ? [{ r: e.resource, full: e.fullUrl }] : [],
  );
  const fullUrls = new Map<Resource, string>();
  for (const e of entries) if (e.full) fullUrls.set(e.r, e.full);
  const patients = entries.map((e) => e.r).filter((r): r is Patient => r.resourceType === 'Patient');
  const out: Template[] = [];
  for (const patient of patients) {
    const keys = new Set([`Patient/${patient.id ?? ''}`, fullUrls.get(patient)].filter(Boolean));
    const own: Resource[] = [];
    for (const { r } of entries) {
      if (r === patient || r.resourceType === 'Patient') continue;
      let mine = false;
      eachReference(r, (h) => {
        if (keys.has(h.reference)) mine = true;
      });
      if (mine) own.push(r);
    }
    const t = templateOf(
      patients.length > 1 ? `${source}#${patient.id ?? ''}` : source,
      patient,
      own,
      fullUrls,
      target,
    );
    if (t) out.push(t);
  }
  return out;
}

export interface TemplateSet {
  /** Long Synthea records, trimmed to a recent chart: the base of every generated patient. */
  bases: Template[];
  /** Hand-made patients (screens and rule fixtures): laid over a base for a share of patients. */
  overlays: Template[];
}

function bundlesIn(dir: string): { file: string; bundle: Bundle }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, bundle: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle }))
    .filter(({ bundle }) => bundle.resourceType === 'Bundle');
}

/** Loads and compiles the fixtures under `fixturesDir` (fhir-fixtures/). */
export function loadTemplates(fixturesDir: string, baseTarget = 135): TemplateSet {
  ensureFhirDefinitions();
  const bases = bundlesIn(join(fixturesDir, 'synthea')).flatMap(({ file, bundle }) =>
    templatesOfBundle(`synthea/${file}`, bundle, baseTarget),
  );
  const overlays = [
    ...bundlesIn(join(fixturesDir, 'patients')).flatMap(({ file, bundle }) =>
      templatesOfBundle(`patients/${file}`, bundle, Number.POSITIVE_INFINITY),
    ),
    ...bundlesIn(join(fixturesDir, 'rules')).flatMap(({ file, bundle }) =>
      templatesOfBundle(`rules/${file}`, bundle, Number.POSITIVE_INFINITY),
    ),
  ];
  if (bases.length === 0) throw new Error(`no Synthea records in ${join(fixturesDir, 'synthea')}`);
  return { bases, overlays };
}
