/**
 * What a search means on the sandbox, against R4 search.html: a client cannot tell a wrong answer
 * from "there is no such data", so each case here is one where Medplum's subscription matcher
 * (which the store used before) gave a wrong answer without an error.
 */
import { parseSearchRequest } from '@medplum/core';
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCapabilityStatement } from '../../sandbox/fhir/capability';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';
import { normalizeSearchParams, precisionRange } from '../../sandbox/fhir/match';
import { SandboxRepository } from '../../sandbox/fhir/repository';
import { shapeSearch } from '../../sandbox/fhir/search';

const BASE = 'http://sandbox.test/fhir';
let repo: SandboxRepository;

/** As the server takes a search: the client's parameters normalized, parsed, then shaped. */
async function ids(query: string, strict = false): Promise<string[]> {
  const [type = '', params = ''] = query.split('?');
  const raw: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(params)) (raw[key] ??= []).push(value);
  const request = shapeSearch(parseSearchRequest(type, normalizeSearchParams(type, raw)), BASE, strict);
  return ((await repo.search(request)).entry ?? []).map((e) => e.resource?.id ?? '').sort();
}

function refusal(query: string, strict = false): Promise<string> {
  return ids(query, strict).then(
    () => 'answered',
    (e: Error) => e.message,
  );
}

const patient = (id: string, family: string, given: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family, given: [given] }],
});

const observation = (id: string, effective: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: {
    coding: [
      { system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
    ],
    text: 'HbA1c',
  },
  subject: { reference: 'Patient/ana' },
  ...effective,
});

beforeAll(() => {
  ensureFhirDefinitions();
}, 60_000);

beforeEach(async () => {
  repo = new SandboxRepository();
  const resources: Resource[] = [
    patient('ana', 'Torres', 'Ana'),
    patient('joanne', 'Smith', 'Joanne'),
    patient('maria', 'Whitfield', 'María'),
    observation('winter', { effectivePeriod: { start: '2025-12-20', end: '2026-01-10' } }),
    observation('morning', { effectiveDateTime: '2026-03-01T10:00:00Z' }),
    // 04:30 on 2 March in UTC, though its own clock still says 1 March.
    observation('late', { effectiveDateTime: '2026-03-01T23:30:00-05:00' }),
    {
      ...observation('profiled', {}),
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab'] },
    },
  ];
  for (const r of resources) await repo.createResource(r);
});

describe('string parameters', () => {
  it('match from the start of a name part, not anywhere in it', async () => {
    expect(await ids('Patient?name=ann')).toEqual([]);
    expect(await ids('Patient?name=an')).toEqual(['ana']);
    expect(await ids('Patient?family=whit')).toEqual(['maria']);
  });

  it('ignore case and accents by default; :exact keeps both, :contains matches anywhere', async () => {
    expect(await ids('Patient?given=maria')).toEqual(['maria']);
    expect(await ids('Patient?given:exact=maria')).toEqual([]);
    expect(await ids('Patient?given:exact=María')).toEqual(['maria']);
    expect(await ids('Patient?name:contains=ann')).toEqual(['joanne']);
  });
});

describe('date parameters', () => {
  it('eq needs the day to contain the value, not merely overlap it', async () => {
    expect(await ids('Observation?date=2026')).toEqual(['late', 'morning']);
    expect(await ids('Observation?date=2026-01')).toEqual([]);
    expect(await ids('Observation?date=2025-12-20')).toEqual([]);
  });

  it('compares instants, whatever zone each is written in', async () => {
    expect(await ids('Observation?date=2026-03-01')).toEqual(['morning']);
    expect(await ids('Observation?date=lt2026-03-02T00:00:00Z')).toEqual(['morning', 'winter']);
    expect(await ids('Observation?date=gt2026-03-01T23:00:00Z')).toEqual(['late']);
  });

  it('reads sa and eb as after the end and before the start, and refuses a value that is not a date', async () => {
    expect(await ids('Observation?date=sa2026-01-05')).toEqual(['late', 'morning']);
    expect(await ids('Observation?date=eb2026-01-05')).toEqual([]);
    expect(await ids('Observation?date=eb2026-01-11')).toEqual(['winter']);
    expect(await refusal('Observation?date=March')).toContain(
      'Invalid format for date search parameter: March',
    );
  });

  it('reads ne, ge and le against containment, as R4 defines them', async () => {
    expect(await ids('Observation?date=ne2026')).toEqual(['winter']);
    expect(await ids('Observation?date=ge2026-03-01')).toEqual(['late', 'morning']);
    expect(await ids('Observation?date=le2026-03-01')).toEqual(['morning', 'winter']);
  });

  describe('ap, widened by a tenth of the distance from now', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-12-07T00:00:00Z'));
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('takes the day after a date nine months back, but not the January before it', async () => {
      expect(await ids('Observation?date=ap2026-03-01')).toEqual(['late', 'morning']);
    });
  });

  it('searches a Timing by its events', async () => {
    await repo.createResource(observation('timed', { effectiveTiming: { event: ['2027-05-01T09:00:00Z'] } }));
    expect(await ids('Observation?date=2027-05')).toEqual(['timed']);
  });

  it('ranges a value at its own precision', () => {
    const minute = precisionRange('2026-03-01T10:00+01:00');
    expect(minute && [new Date(minute.lo).toISOString(), minute.hi - minute.lo]).toEqual([
      '2026-03-01T09:00:00.000Z',
      60_000,
    ]);
    expect(precisionRange('2024-02')).toEqual({ lo: Date.UTC(2024, 1, 1), hi: Date.UTC(2024, 2, 1) });
    expect(precisionRange('1 March')).toBeUndefined();
  });
});

describe('token, reference and uri parameters', () => {
  it('search the text with :text, and never take the text for a code', async () => {
    expect(await ids('Observation?code:text=hba1')).toHaveLength(4);
    expect(await ids('Observation?code:text=hemoglobin')).toHaveLength(4);
    expect(await ids('Observation?code=HbA1c')).toEqual([]);
  });

  it('keep only the named type under a type modifier', async () => {
    expect(await ids('Observation?subject:Patient=ana')).toHaveLength(4);
    expect(await ids('Observation?subject:Group=ana')).toEqual([]);
  });

  it('match a uri whole', async () => {
    expect(await ids('Observation?_profile=http://hl7.org/fhir/us/core')).toEqual([]);
    expect(
      await ids(
        'Observation?_profile=http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab',
      ),
    ).toEqual(['profiled']);
  });
});

describe('what the sandbox does not implement', () => {
  it('refuses an unsupported modifier, lenient or not, naming the parameter', async () => {
    for (const query of [
      'Observation?code:in=http://example.org/ValueSet/a1c',
      'Observation?code:not-in=http://example.org/ValueSet/a1c',
      'Observation?code:below=4548-4',
      'Observation?code:of-type=x',
      'Observation?subject:identifier=http://example.org|1',
      'Observation?status:exact=final',
      'Observation?code:bogus=1',
      'Patient?name:below=Ana',
    ]) {
      const code = /\?([a-z-]+):/.exec(query)?.[1];
      expect(await refusal(query), query).toContain(`The "${code}" parameter has the modifier`);
    }
  });

  it('does not offer quantity, number or composite parameters: dropped when lenient, refused when strict', async () => {
    expect(await ids('Observation?value-quantity=gt7')).toHaveLength(4);
    expect(await refusal('Observation?value-quantity=gt7', true)).toContain(
      'This server does not search on quantity parameters ("value-quantity" for Observation)',
    );
    const observationEntry = buildCapabilityStatement(
      { baseUrl: BASE, authorizeUrl: `${BASE}/authorize`, tokenUrl: `${BASE}/token` },
      new Date('2026-12-07T00:00:00Z'),
    ).rest?.[0]?.resource?.find((r) => r.type === 'Observation');
    const offered = (observationEntry?.searchParam ?? []).map((p) => p.name);
    expect(offered).toEqual(expect.arrayContaining(['code', 'date', 'patient']));
    expect(offered).not.toContain('value-quantity');
    expect(offered).not.toContain('code-value-quantity');
  });
});
