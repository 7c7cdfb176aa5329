/**
 * The sandbox store's token searches (`code=`, `component-code=`, `category=`, … with `=`): answered
 * from each stored object's tokens, worked out once, instead of by Medplum's matcher evaluating
 * FHIRPath and lowercasing every value again for every resource — the app's narrowed read of 200
 * codes over 20,000 Observations took 900 ms that way. The answers must be Medplum's, checked here
 * against its own matcher for every form a token value takes, except where Medplum's answer is not
 * R4's: system and code match case-sensitively (R4 search.html, token: "Match is case sensitive"),
 * where Medplum ignores case, and a concept's text or display is not a code, where Medplum matches
 * it as one. Those queries have their R4 answers spelled out.
 */
import * as medplum from '@medplum/core';
import type { Observation, Resource } from '@medplum/fhirtypes';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';
import { SandboxRepository } from '../../sandbox/fhir/repository';

const calls = vi.hoisted(() => ({ evaluations: 0, matches: 0 }));
vi.mock('@medplum/core', async (importOriginal) => {
  const actual = await importOriginal<typeof medplum>();
  return {
    ...actual,
    evalFhirPathTyped: (...args: Parameters<typeof actual.evalFhirPathTyped>) => {
      calls.evaluations++;
      return actual.evalFhirPathTyped(...args);
    },
    matchesSearchRequest: (...args: Parameters<typeof actual.matchesSearchRequest>) => {
      calls.matches++;
      return actual.matchesSearchRequest(...args);
    },
  };
});

const LOINC = 'http://loinc.org';

function observation(id: string, fields: Partial<Observation>): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'unnamed' },
    subject: { reference: 'Patient/a' },
    ...fields,
  };
}

const STORED: Observation[] = [
  observation('loinc', { code: { coding: [{ system: LOINC, code: '4548-4', display: 'HbA1c' }] } }),
  observation('upper-system', { code: { coding: [{ system: 'http://LOINC.org', code: 'ABC-1' }] } }),
  observation('no-system', { code: { coding: [{ code: 'x1' }] } }),
  observation('text-only', { code: { text: 'Blood pressure' } }),
  observation('two-codings', {
    code: {
      coding: [
        { system: 'urn:local', code: '4548-4' },
        { system: LOINC, code: '2089-1' },
      ],
    },
  }),
  observation('comma', { code: { coding: [{ system: 'urn:local', code: 'a,b' }] } }),
  observation('panel', {
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    component: [{ code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: 130 } }],
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
  }),
  observation('other-patient', {
    code: { coding: [{ system: LOINC, code: '4548-4' }] },
    subject: { reference: 'Patient/b' },
  }),
  observation('amended', { status: 'amended', code: { coding: [{ system: LOINC, code: '4548-4' }] } }),
];

/** Queries whose values match stored ones in case too, where Medplum's answer is R4's. */
const QUERIES = [
  'code=4548-4',
  'code=4548-4,x1',
  'code=ABC-1',
  'code=x1',
  `code=${LOINC}|4548-4`,
  'code=http://LOINC.org|ABC-1',
  'code=|x1',
  'code=|4548-4',
  'code=|',
  'code=a\\,b',
  `code=${LOINC}|2089-1|extra`,
  'code=nothing-like-it',
  'component-code=8480-6',
  `component-code=${LOINC}|8480-6,8462-4`,
  'category=vital-signs',
  'category=http://terminology.hl7.org/CodeSystem/observation-category|',
  'status=final',
  'status=final,amended',
  'code=4548-4&status=amended',
  'code:not=4548-4',
];

/** Queries where Medplum would match and R4 does not: values differing in case, and text. */
const R4_ANSWERS: [string, string[]][] = [
  ['code=HbA1c', []],
  ['code=Blood pressure', []],
  ['code=unnamed', []],
  ['code=abc-1', []],
  ['code=X1', []],
  ['code=HTTP://LOINC.ORG|abc-1', []],
  [`code=${LOINC}|ABC-1`, []],
  [`code=${LOINC}|`, ['amended', 'loinc', 'other-patient', 'panel', 'two-codings']],
  ['code=|X1', []],
  ['status=FINAL,amended', ['amended']],
];

let repo: SandboxRepository;

beforeAll(() => {
  ensureFhirDefinitions();
}, 60_000);

beforeEach(async () => {
  repo = new SandboxRepository();
  for (const o of STORED) await repo.createResource(o);
  calls.evaluations = 0;
  calls.matches = 0;
});

async function found(query: string): Promise<string[]> {
  const bundle = await repo.search(medplum.parseSearchRequest(`Observation?${query}&_count=1000`));
  return (bundle.entry ?? []).map((e) => e.resource?.id ?? '').sort();
}

/** What Medplum's own matcher finds among the stored Observations, ignoring the sandbox's code. */
async function medplumFinds(query: string): Promise<string[]> {
  const request = medplum.parseSearchRequest(`Observation?${query}`);
  const all = (await repo.search(medplum.parseSearchRequest('Observation?_count=1000'))).entry ?? [];
  const actual = await vi.importActual<typeof medplum>('@medplum/core');
  return all
    .map((e) => e.resource as Resource)
    .filter((r) => actual.matchesSearchRequest(r, request))
    .map((r) => r.id ?? '')
    .sort();
}

describe('a token search in the sandbox store', () => {
  it.each(QUERIES)('finds exactly what Medplum’s matcher finds: %s', async (query) => {
    expect(await found(query)).toEqual(await medplumFinds(query));
  });

  it.each(R4_ANSWERS)('matches system and code case-sensitively, and never text: %s', async (query, ids) => {
    expect(await found(query)).toEqual(ids);
  });

  it('finds what the app’s narrowed reads ask for, with and without a patient', async () => {
    expect(await found('code=2089-1,4548-4&patient=Patient/a')).toEqual(['amended', 'loinc', 'two-codings']);
    expect(await found('code=2089-1,4548-4')).toEqual(['amended', 'loinc', 'other-patient', 'two-codings']);
  });

  it('works out each stored object’s tokens once, not once per search, and leaves Medplum’s matcher out', async () => {
    await found('code=4548-4');
    const first = calls.evaluations;
    expect(first).toBe(STORED.length);
    await found('code=x1,2089-1');
    await found(`code=${LOINC}|`);
    expect(calls.evaluations).toBe(first);
    expect(calls.matches).toBe(0);
  });

  it('sees a changed resource’s new codes at once', async () => {
    await found('code=4548-4');
    await repo.updateResource(
      observation('loinc', { code: { coding: [{ system: LOINC, code: '2345-7' }] } }),
    );
    expect(await found('code=4548-4')).not.toContain('loinc');
    expect(await found('code=2345-7')).toEqual(['loinc']);
  });
});
