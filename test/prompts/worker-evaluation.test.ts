/**
 * The prompt worker (src/prompts/evaluation) must answer exactly what the engine answers on the
 * page's thread: the same prompts in the same order, the same suppressions, and evidence named
 * the same, over every fixture patient — after the record has been sliced into messages and
 * structured-cloned both ways, as a browser's Worker does.
 */
import type { Bundle, FhirResource, Observation } from 'fhir/r4';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCodeSets, type CodeSets, type CompiledCodes } from '../../src/core/prompts/codes';
import codesJson from '../../src/core/prompts/codes.generated.json';
import { evaluatePrompts } from '../../src/core/prompts/engine';
import { compileReadFilter, readFilter } from '../../src/core/prompts/read-filter';
import { CG_EVISIT_RED_FLAG, LOINC } from '../../src/core/fhir/vocabulary';
import { PREFERENCE_CATEGORY } from '../../src/core/voice/priorities';
import { describeEvidence, evidenceLookup, type CodeNames } from '../../src/core/prompts/evidence';
import { codeNames, evaluateForScreen } from '../../src/prompts/evaluation/evaluate';
import {
  SLICE,
  workerEvaluator,
  type PromptEvaluator,
  type WorkerLike,
} from '../../src/prompts/evaluation/evaluator';
import { promptWorkerHandler } from '../../src/prompts/evaluation/handler';
import type { FromWorker, ToWorker } from '../../src/prompts/evaluation/protocol';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures/', import.meta.url));
const DATE = '2026-12-02';
const sets: CodeSets = loadCodeSets(codesJson as unknown as CompiledCodes);

function bundleResources(path: string): FhirResource[] {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as Bundle;
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

/** One record per patient: the hand-made charts (each bundle's patients apart), the rule fixtures, Synthea. */
function fixtureRecords(): [string, FhirResource[]][] {
  const files = ['patients', 'rules', 'synthea'].flatMap((dir) =>
    readdirSync(`${FIXTURES}${dir}`)
      .filter((f) => f.endsWith('.json') && f !== 'priorities.json')
      .map((f) => `${dir}/${f}`),
  );
  const records: [string, FhirResource[]][] = [];
  for (const file of files) {
    const all = bundleResources(`${FIXTURES}${file}`);
    const patients = all.filter((r) => r.resourceType === 'Patient');
    // A one-patient bundle (Synthea's refer by urn:uuid) is that patient's record as it stands.
    if (patients.length === 1) {
      records.push([file, all.filter((r) => r.resourceType !== 'Practitioner')]);
      continue;
    }
    for (const patient of patients) {
      const ref = `Patient/${patient.id}`;
      const mine = all.filter(
        (r) => r === patient || (r.resourceType !== 'Patient' && JSON.stringify(r).includes(`"${ref}"`)),
      );
      records.push([`${file} ${ref}`, mine]);
    }
  }
  return records;
}

/** A Worker in a function: messages are structured-cloned and delivered in later tasks, both ways. */
function fakeWorker(log: ToWorker[] = []): WorkerLike {
  const listeners: ((event: MessageEvent<FromWorker>) => void)[] = [];
  const handle = promptWorkerHandler(
    () => codesJson as unknown as CompiledCodes,
    (message) => {
      const data = structuredClone(message);
      setTimeout(() => listeners.forEach((l) => l({ data } as MessageEvent<FromWorker>)), 0);
    },
  );
  return {
    postMessage(message) {
      const data = structuredClone(message);
      log.push(data);
      setTimeout(() => handle(data), 0);
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      if (type === 'message') listeners.push(listener as (event: MessageEvent<FromWorker>) => void);
    },
    terminate() {},
  };
}

const neverUsed: PromptEvaluator = {
  warm() {},
  evaluate: () => Promise.reject(new Error('the page-thread fallback should not have run')),
};

function describeAll(resources: FhirResource[], refs: string[], codes: CodeNames) {
  const find = evidenceLookup(resources);
  return refs.map((ref) => describeEvidence(ref, find, { today: DATE, codes }));
}

describe('evaluating the prompts in a worker', () => {
  const records = fixtureRecords();

  it('finds fixture patients to compare, some with prompts and some without', () => {
    expect(records.length).toBeGreaterThan(15);
    const withPrompts = records.filter(
      ([, r]) => evaluatePrompts({ resources: r, date: DATE }, sets).prompts.length,
    );
    expect(withPrompts.length).toBeGreaterThan(5);
  });

  it('gives the same prompts, order, suppressions and evidence names as the engine on the page', async () => {
    const evaluator = workerEvaluator(() => fakeWorker(), neverUsed);
    for (const [name, resources] of records) {
      const expected = evaluatePrompts({ resources, date: DATE }, sets);
      const { result, names } = await evaluator.evaluate([resources], DATE);
      expect(result, name).toEqual(expected);
      expect(
        result.prompts.map((p) => p.rule),
        name,
      ).toEqual(expected.prompts.map((p) => p.rule));
      const refs = [
        ...expected.prompts.flatMap((p) => p.evidence),
        ...expected.suppressed.flatMap((s) => s.evidence),
      ];
      expect(describeAll(resources, refs, codeNames(names)), name).toEqual(
        describeAll(resources, refs, sets),
      );
    }
  });

  it('names bare codes in the evidence by their code lists, as the full code sets do', () => {
    // Every display and text taken away: only the code lists can name the evidence.
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (!value || typeof value !== 'object') return value;
      const entries = Object.entries(value).filter(([k]) => k !== 'display' && k !== 'text');
      return Object.fromEntries(entries.map(([k, v]) => [k, strip(v)]));
    };
    let listed = 0;
    for (const [name, resources] of records) {
      const bare = resources.map((r) => strip(r) as FhirResource);
      const { result, names } = evaluateForScreen(bare, DATE, sets);
      const refs = result.prompts.flatMap((p) => p.evidence);
      const described = describeAll(bare, refs, codeNames(names));
      expect(described, name).toEqual(describeAll(bare, refs, sets));
      listed += described.filter((d) => d.kind === 'entry' && d.code?.list).length;
    }
    expect(listed).toBeGreaterThan(3);
  });

  /** Maria's chart and years of readings copied from Synthea's Observations (most are codes no rule reads). */
  function bigRecord(): { maria: FhirResource[]; copies: FhirResource[] } {
    const [, maria] = records.find(([n]) => n.includes('maria-problem-list'))!;
    const templates = records
      .filter(([n]) => n.startsWith('synthea/'))
      .flatMap(([, r]) => r)
      .filter((r) => r.resourceType === 'Observation');
    const copies = Array.from({ length: 3 * SLICE }, (_, i): FhirResource => ({
      ...templates[i % templates.length]!,
      id: `copy-${i}`,
      subject: { reference: 'Patient/cg-maria' },
    }));
    return { maria, copies };
  }

  const sentSlices = (log: ToWorker[]) =>
    log.flatMap((m) => (m.type === 'list' ? [JSON.parse(m.json) as FhirResource[]] : []));

  it('sends a big record in slices, and only what a rule can read, with the same prompts', async () => {
    const { maria, copies } = bigRecord();
    const log: ToWorker[] = [];
    const { result, names } = await workerEvaluator(() => fakeWorker(log), neverUsed).evaluate(
      [maria, copies],
      DATE,
    );
    const record = [...maria, ...copies];
    const sent = sentSlices(log);
    expect(sent).toHaveLength(1 + copies.length / SLICE);
    expect(sent.every((slice) => slice.length <= SLICE)).toBe(true);
    expect(sent.flat().length).toBeLessThan(record.length / 2);
    expect(log.at(-1)).toMatchObject({ type: 'evaluate', date: DATE });
    const expected = evaluatePrompts({ resources: record, date: DATE }, sets);
    expect(result).toEqual(expected);
    const refs = expected.prompts.flatMap((p) => p.evidence);
    expect(describeAll(record, refs, codeNames(names))).toEqual(describeAll(record, refs, sets));
  });

  it('after a write, sends the worker only the panel the write replaced, and lets it drop the old one', async () => {
    const { maria, copies } = bigRecord();
    const conditions = maria.filter((r) => r.resourceType === 'Condition');
    const rest = maria.filter((r) => r.resourceType !== 'Condition');
    const log: ToWorker[] = [];
    const evaluator = workerEvaluator(() => fakeWorker(log), neverUsed);
    await evaluator.evaluate([rest, conditions, copies], DATE);
    const firstRound = log.length;

    // A write lands in one panel: useRecord replaces that panel's list, the others stay the same lists.
    const resolved = conditions.map((c, i) =>
      i === 0 && c.resourceType === 'Condition'
        ? { ...c, clinicalStatus: { coding: [{ code: 'resolved' }] } }
        : c,
    );
    const { result } = await evaluator.evaluate([rest, resolved, copies], DATE);
    const again = log.slice(firstRound);
    const sent = sentSlices(again);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((r) => r.id)).toEqual(resolved.map((r) => r.id));
    expect(sent[0]![0]).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] } });
    const evaluate = again.find((m) => m.type === 'evaluate');
    const forget = again.find((m) => m.type === 'forget');
    expect(evaluate?.type === 'evaluate' && evaluate.lists).toHaveLength(3);
    // The replaced list, and only it, is dropped once the new job has been sent.
    expect(forget).toMatchObject({ type: 'forget' });
    expect(forget?.type === 'forget' && forget.lists).toHaveLength(1);
    expect(result).toEqual(
      evaluatePrompts({ resources: [...rest, ...resolved, ...copies], date: DATE }, sets),
    );

    // The same lists again (a re-render, a new day): nothing is sent but the job itself.
    const settled = log.length;
    const later = await evaluator.evaluate([rest, resolved, copies], '2027-01-15');
    expect(log.slice(settled).map((m) => m.type)).toEqual(['evaluate']);
    expect(later).toEqual(evaluateForScreen([...rest, ...resolved, ...copies], '2027-01-15', sets));
  });

  it('evaluates two jobs sent at once over a shared list, each over its own record', async () => {
    const { maria, copies } = bigRecord();
    const log: ToWorker[] = [];
    const evaluator = workerEvaluator(() => fakeWorker(log), neverUsed);
    // The second starts while the first is still sending the shared list's slices.
    const [first, second] = await Promise.all([
      evaluator.evaluate([maria, copies], DATE),
      evaluator.evaluate([copies], DATE),
    ]);
    expect(first.result).toEqual(evaluatePrompts({ resources: [...maria, ...copies], date: DATE }, sets));
    expect(second.result).toEqual(evaluatePrompts({ resources: copies, date: DATE }, sets));
    expect(sentSlices(log)).toHaveLength(1 + copies.length / SLICE);
  });

  it('answers a job naming a list the worker never held with an error, not a record missing a panel', () => {
    const posted: FromWorker[] = [];
    const handle = promptWorkerHandler(
      () => codesJson as unknown as CompiledCodes,
      (m) => posted.push(m),
    );
    handle({ type: 'list', list: 1, json: '[]' });
    handle({ type: 'forget', lists: [1] });
    handle({ type: 'evaluate', job: 7, lists: [1], date: DATE });
    expect(posted).toEqual([{ type: 'failed', job: 7, message: 'The prompt worker was never sent list 1.' }]);
  });

  it("falls back to the page's thread when the worker cannot start or fails to load", async () => {
    const [, maria] = records.find(([n]) => n.includes('maria-problem-list'))!;
    const expected = evaluateForScreen(maria, DATE, sets);
    const onPage: PromptEvaluator = {
      warm() {},
      evaluate: async (r, d) => evaluateForScreen(r.flat(), d, sets),
    };
    const refused = workerEvaluator(() => {
      throw new Error('worker-src refused');
    }, onPage);
    expect(await refused.evaluate([maria], DATE)).toEqual(expected);

    let fail: (() => void) | undefined;
    const dies: WorkerLike = {
      postMessage() {
        setTimeout(() => fail?.(), 0);
      },
      addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
        if (type === 'error') fail = () => (listener as (e: Event) => void)(new Event('error'));
      },
      terminate() {},
    };
    expect(await workerEvaluator(() => dies, onPage).evaluate([maria], DATE)).toEqual(expected);
  });

  it("reports the engine's own error (a malformed date) as the page's thread would", async () => {
    const [, maria] = records.find(([n]) => n.includes('maria-problem-list'))!;
    await expect(workerEvaluator(() => fakeWorker(), neverUsed).evaluate([maria], '2026-13')).rejects.toThrow(
      /Evaluation date must be YYYY-MM-DD/,
    );
  });
});

describe('the read filter (what the worker is sent)', () => {
  const keep = compileReadFilter(readFilter(codesJson as unknown as CompiledCodes));
  const observation = (fields: Partial<Observation>): Observation => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'reading' },
    ...fields,
  });

  it('keeps what a rule or the priorities reader can match, in any system and spelling', () => {
    const hba1c = { coding: [{ system: LOINC, code: '4548-4' }] };
    expect(keep(observation({ code: hba1c }))).toBe(true);
    expect(
      keep(observation({ code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.1', code: '4548-4' }] } })),
    ).toBe(true);
    // A blood-pressure panel found by its systolic component; a priority found by its category.
    expect(
      keep(observation({ component: [{ code: { coding: [{ system: LOINC, code: '8480-6' }] } }] })),
    ).toBe(true);
    expect(
      keep(observation({ category: [{ coding: [{ system: LOINC, code: PREFERENCE_CATEGORY }] }] })),
    ).toBe(true);
    expect(
      keep(observation({ code: { coding: [{ system: CG_EVISIT_RED_FLAG, code: 'lbp-anything' }] } })),
    ).toBe(true);
  });

  it('leaves out coded readings no rule reads, and keeps what it cannot tell', () => {
    expect(keep(observation({ code: { coding: [{ system: LOINC, code: '29463-7' }] } }))).toBe(false);
    expect(keep(observation({ code: { text: 'Weight' } }))).toBe(true);
    // Types the rules read whole are never filtered.
    expect(keep({ resourceType: 'Condition', subject: {}, code: { coding: [{ code: 'x' }] } })).toBe(true);
  });
});
