/**
 * The narrowed prefetch (src/core/prompts/reads.ts) changes no card. For every fixture patient —
 * the rule fixtures, the app's patients and the Synthea records — the engine's prompts over what an
 * EHR sends for the narrowed templates equal its prompts over the whole record: same rules, same
 * order, same words, same evidence, at the fixtures' evaluation day and at another, for
 * patient-view and for the order hooks — with each resource cut to the templates' `_elements`, and
 * the same from a server that ignores them. And every code set a rule asks a narrowed field for is one
 * the narrowed searches carry, so a rule that starts reading a new set fails here first.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FhirResource, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readHookRecord } from '../../cds-hooks/prefetch';
import { PatientCollector, readPaths } from '../../src/cli/input';
import { nodeCodeSets, nodeNarrowedCodes } from '../../src/cli/prompts';
import type { CodeSets, CompiledCodes } from '../../src/core/prompts/codes';
import { evaluateOrders, evaluatePrompts, PatientRecord, promptText } from '../../src/core/prompts';
import { RULE_INPUTS, type RecordInput } from '../../src/core/prompts/inputs';
import {
  looseCode,
  mayBeRead,
  readableBy,
  readsOf,
  searchTokens,
  type NarrowSearch,
} from '../../src/core/prompts/reads';
import { EVALUATION_DATE } from '../prompts/helpers';
import { ehrPrefetch } from './ehr-prefetch';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const DATES = [EVALUATION_DATE, '2026-12-02'];

const patients: [string, FhirResource[]][] = [];
beforeAll(async () => {
  const collector = new PatientCollector();
  await readPaths(collector, [join(FIXTURES)]);
  for (const id of collector.patients.keys())
    patients.push([id, collector.resourcesOf(id) as FhirResource[]]);
});

/** The resources the service evaluates after the EHR filled the narrowed templates. */
function narrowed(resources: readonly Resource[], id: string): Promise<Resource[]> {
  return readHookRecord({
    patientId: id,
    prefetch: ehrPrefetch(resources, id),
    fhirServer: undefined,
    fhirAuthorization: undefined,
  });
}

/** Everything a card is made of: the prompts as the engine returns them and as they read. */
function cardsOf(result: ReturnType<typeof evaluatePrompts>) {
  return {
    prompts: result.prompts,
    suppressed: result.suppressed,
    text: result.prompts.map((p) => [promptText(p, 'en'), promptText(p, 'es')]),
  };
}

describe('the narrowed prefetch gives the same prompts as the whole record', () => {
  it('for every fixture patient, on patient-view and at order time', async () => {
    const codes = nodeCodeSets();
    expect(patients.length).toBeGreaterThan(250);
    let smaller = 0;
    for (const [id, all] of patients) {
      const ruleResources = all.filter((r) => RULE_INPUTS.some((i) => i.resourceType === r.resourceType));
      const some = await narrowed(all, id);
      if (some.length < ruleResources.length) smaller++;
      // Orders in the record, sent as the drafts being signed.
      const isOrder = (r: Resource) =>
        r.resourceType === 'ServiceRequest' || r.resourceType === 'MedicationRequest';
      const drafts = all.filter(isOrder).map((r) => ({ ...r, status: 'draft' }) as FhirResource);
      for (const date of DATES) {
        expect(cardsOf(evaluatePrompts({ resources: some, date }, codes)), `${id} on ${date}`).toEqual(
          cardsOf(evaluatePrompts({ resources: ruleResources, date }, codes)),
        );
        if (drafts.length === 0) continue;
        const whole = evaluateOrders(
          { resources: ruleResources.filter((r) => !isOrder(r)), drafts, date },
          codes,
        );
        const part = evaluateOrders({ resources: some.filter((r) => !isOrder(r)), drafts, date }, codes);
        expect(cardsOf(part), `${id} order-sign on ${date}`).toEqual(cardsOf(whole));
      }
    }
    // The Synthea records and the app's busy patients carry Observations no rule reads.
    expect(smaller).toBeGreaterThan(5);
  }, 60_000);
});

describe('a FHIR server that ignores _elements', () => {
  it('sends whole resources, and the cards are the same as from one that honours it', async () => {
    const codes = nodeCodeSets();
    // The long records, where the subsetting cuts the most.
    const long = patients.filter(([, all]) => all.length > 150);
    expect(long.length).toBeGreaterThan(3);
    for (const [id, all] of long) {
      const whole = ehrPrefetch(all, id, { elements: false });
      const cut = ehrPrefetch(all, id);
      expect(JSON.stringify(cut).length, id).toBeLessThan(JSON.stringify(whole).length);
      const read = (prefetch: Record<string, unknown>) =>
        readHookRecord({ patientId: id, prefetch, fhirServer: undefined, fhirAuthorization: undefined });
      const [fromWhole, fromCut] = await Promise.all([read(whole), read(cut)]);
      expect(fromCut.length, id).toBe(fromWhole.length);
      for (const date of DATES)
        expect(cardsOf(evaluatePrompts({ resources: fromCut, date }, codes)), `${id} on ${date}`).toEqual(
          cardsOf(evaluatePrompts({ resources: fromWhole, date }, codes)),
        );
    }
  }, 60_000);
});

describe('every code set a rule reads a narrowed field with is in its searches', () => {
  const asked = new Map<string, Set<string>>();
  const original = PatientRecord.prototype.find;
  beforeAll(() => {
    vi.spyOn(PatientRecord.prototype, 'find').mockImplementation(function (this: PatientRecord, slot, set) {
      let keys = asked.get(slot);
      if (!keys) asked.set(slot, (keys = new Set()));
      keys.add(set.key);
      return original.call(this, slot, set);
    } as PatientRecord['find']);
  });
  afterAll(() => vi.restoreAllMocks());

  /** The sets a matcher stands for: a union remembers what it was made of (the minus only narrows). */
  function recordingCodes(codes: CodeSets, parts: Map<string, readonly string[]>): CodeSets {
    return {
      ...codes,
      union(keys, minus) {
        const m = codes.union(keys, minus);
        parts.set(m.key, keys);
        return m;
      },
    };
  }

  it('Observation codes and components, DiagnosticReport codes', async () => {
    const parts = new Map<string, readonly string[]>();
    const codes = recordingCodes(nodeCodeSets(), parts);
    for (const [, all] of patients)
      for (const date of DATES) {
        evaluatePrompts({ resources: all, date }, codes);
        const drafts = all.filter((r) => r.resourceType === 'ServiceRequest');
        if (drafts.length) evaluateOrders({ resources: all, drafts, date }, codes);
      }
    const readsOfType = (type: string) => {
      const input = (RULE_INPUTS as readonly RecordInput[]).find((i) => i.resourceType === type);
      return (input && readsOf(input)) ?? [];
    };
    const carried = (type: string, param: NarrowSearch['param']) =>
      new Set(readsOfType(type).flatMap((s) => (s.param === param ? (s.sets ?? []) : [])));
    const check = (slot: string, type: string, param: NarrowSearch['param']) => {
      const sets = [...(asked.get(slot) ?? [])].flatMap((key) => parts.get(key) ?? [key]);
      expect(sets.length, `${slot} was never asked for`).toBeGreaterThan(0);
      const missing = sets.filter((key) => !carried(type, param).has(key));
      expect(missing, `${slot}: sets the rules read that no ${param} search carries`).toEqual([]);
    };
    check('Observation', 'Observation', 'code');
    check('Observation.component', 'Observation', 'component-code');
    check('DiagnosticReport', 'DiagnosticReport', 'code');
  }, 60_000);
});

describe('searchTokens', () => {
  const data: CompiledCodes = {
    format: 1,
    source: 'test',
    systems: {},
    sets: {
      exact: { c: { loinc: '2093-3 13457-7', cpt: '80061' } },
      prefixed: { p: { icd10cm: 'I21' } },
      odd: { c: { sct: 'a,b|c' } },
    },
    ingredients: {},
    antihypertensive: {},
    antithrombotic: {},
    hypoglycemic: {},
  };
  it('lists every code of the sets, in any system, and the given tokens, once each and sorted', () => {
    expect(searchTokens({ key: 'k', param: 'code', sets: ['exact', 'exact'], tokens: ['x|'] }, data)).toEqual(
      ['13457-7', '2093-3', '80061', 'x|'],
    );
  });
  it('escapes the characters FHIR search gives a meaning to', () => {
    expect(searchTokens({ key: 'k', param: 'code', sets: ['odd'] }, data)).toEqual(['a\\,b\\|c']);
  });
  it('refuses a set with prefix codes, which no token search can match', () => {
    expect(() => searchTokens({ key: 'k', param: 'code', sets: ['prefixed'] }, data)).toThrow(/prefix/);
    expect(() => searchTokens({ key: 'k', param: 'code', sets: ['nope'] }, data)).toThrow(/Unknown/);
  });
});

/**
 * The prompts CLI reads a whole export, and passes over each resource of a narrowed type that
 * `mayBeRead` says no narrowed search could find. That is safe only if it keeps everything the
 * searches find (as a FHIR server answers them) and the prompts are the same without the rest.
 */
describe('what the prompts CLI passes over', () => {
  it('keeps every resource a narrowed search finds, and the prompts are those of the whole record', async () => {
    const codes = nodeCodeSets();
    const narrowed = nodeNarrowedCodes();
    expect([...narrowed.keys()].sort()).toEqual(['DiagnosticReport', 'Observation']);
    const readable = readableBy(narrowed);
    let passedOver = 0;
    for (const [id, all] of patients) {
      const ruleResources = all.filter((r) => RULE_INPUTS.some((i) => i.resourceType === r.resourceType));
      const kept = ruleResources.filter(readable);
      passedOver += ruleResources.length - kept.length;
      const found = await readHookRecord({
        patientId: id,
        prefetch: ehrPrefetch(all, id, { elements: false }),
        fhirServer: undefined,
        fhirAuthorization: undefined,
      });
      for (const r of found) expect(readable(r), `${id}: ${r.resourceType}/${r.id}`).toBe(true);
      for (const date of DATES)
        expect(cardsOf(evaluatePrompts({ resources: kept, date }, codes)), `${id} on ${date}`).toEqual(
          cardsOf(evaluatePrompts({ resources: ruleResources, date }, codes)),
        );
    }
    expect(passedOver).toBeGreaterThan(1000);
  }, 60_000);

  it('compares codes as loosely as the engine ever does, and looks in every element', () => {
    const { codes, systems } = nodeNarrowedCodes().get('Observation')!;
    expect(looseCode(' e11.9 ')).toBe('E119');
    const obs = (extra: object) => ({ resourceType: 'Observation', status: 'final', ...extra });
    const coded = (code: string, system = 'http://loinc.org') => ({ coding: [{ system, code }] });
    const of = { codes, systems };
    expect(mayBeRead(obs({ code: coded('4548-4') }), of)).toBe(true);
    expect(mayBeRead(obs({ code: coded('8302-2') }), of)).toBe(false);
    expect(mayBeRead(obs({}), of)).toBe(false);
    // A CPT code written in lower case is read (the engine would not match it; reading it is harmless).
    expect(mayBeRead(obs({ code: coded('1123f', 'http://www.ama-assn.org/go/cpt') }), of)).toBe(true);
    expect(mayBeRead(obs({ code: coded('8302-2'), component: [{ code: coded('8480-6') }] }), of)).toBe(true);
    expect(mayBeRead(obs({ code: coded('x', systems[0]) }), of)).toBe(true);
    const priority = obs({
      code: { text: 'What matters' },
      category: [{ coding: [{ system: 'http://loinc.org', code: '81380-8' }] }],
    });
    expect(mayBeRead(priority, of)).toBe(true);
  });
});
