import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Encounter, FhirResource, Observation, Patient, Practitioner } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck, FhirResponse } from '../../sandbox/contract';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';
import { createFhirServer, type SandboxFhirServer } from '../../sandbox/fhir/server';
import { shiftDateValue } from '../../sandbox/fixtures/date-shift';
import { loadFixtures } from '../../sandbox/fixtures/load';
import { prepareBundle } from '../../sandbox/fixtures/prepare';
import { SandboxRepository } from '../../sandbox/fhir/repository';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));
const BASE = 'http://sandbox.test/fhir';
const TODAY = new Date('2026-11-26T12:00:00Z');
const YESTERDAY = '2026-11-25';
const DAY_MS = 86_400_000;
const allowAll: AccessCheck = () => 'ok';

const RENEA = {
  file: 'synthea/Renea_Quigley_4f3dd2db-ca68-4d9d-a06b-f145db0b0453.json',
  patient: 'ab4e7a7d-8b0d-41e1-9ce9-3877d7615aed',
};
const JOSUE = {
  file: 'synthea/Josue_Sipes_7d27f180-98d6-456d-98c0-d91df32cd023.json',
  patient: 'bd6f9f37-7295-4cd6-b212-134afcef1253',
};
const EDDIE = {
  file: 'synthea/Eddie_Lakin_cf7c878e-a8e3-468a-9d88-dd3e729bf026.json',
  patient: 'f71747e7-e5dd-4e04-8d0a-0c6bc545c2a4',
};
const ALLEN = {
  file: 'synthea/Allen322_Ferry570_ad134528-56a5-35fd-c37f-466ff119c625.json',
  patient: 'ad134528-56a5-35fd-c37f-466ff119c625',
};

async function readBundle(relativePath: string): Promise<Bundle> {
  return JSON.parse(await readFile(join(FIXTURES, relativePath), 'utf8')) as Bundle;
}

let server: SandboxFhirServer;

async function get(path: string, query = ''): Promise<FhirResponse> {
  return server.handle({ method: 'GET', path, query: new URLSearchParams(query), headers: {} }, allowAll);
}

/** Every resource a search finds, following next links to the end. */
async function searchAll<T extends FhirResource>(type: string, query: string): Promise<T[]> {
  const out: T[] = [];
  let response = await get(`/${type}`, query);
  for (;;) {
    const bundle = response.body as Bundle;
    out.push(...(bundle.entry ?? []).map((e) => e.resource as T));
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return out;
    const url = new URL(next);
    response = await get(url.pathname.replace(/^\/fhir/, ''), url.search);
  }
}

function newestEncounterStart(encounters: Encounter[]): string {
  const starts = encounters.map((e) => e.period?.start).filter((s): s is string => !!s);
  return starts.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

beforeAll(async () => {
  server = await createFhirServer({
    baseUrl: BASE,
    fixturesDir: FIXTURES,
    today: TODAY,
    authorizeUrl: 'http://sandbox.test/auth/authorize',
    tokenUrl: 'http://sandbox.test/auth/token',
  });
});

describe('fixture loading', () => {
  it('loads every fixture bundle without failures and reports one summary line', () => {
    expect(server.loadReport.failed).toEqual([]);
    expect(server.loadReport.bundles).toBeGreaterThanOrEqual(10);
    expect(server.loadSummary()).toMatch(/^FHIR fixtures: \d+ resources .* from \d+ bundles in \d+ ms/);
    expect(server.loadSummary()).not.toContain('\n');
  });

  it('keeps the ids written in the fixtures (cg- ids and Synthea uuids)', async () => {
    for (const path of [
      '/Patient/cg-maria',
      '/Practitioner/cg-dr-lee',
      '/Goal/cg-maria-goal-garden',
      `/Patient/${JOSUE.patient}`,
    ]) {
      expect((await get(path)).status, path).toBe(200);
    }
    const josue = await readBundle(JOSUE.file);
    const observationIds = josue
      .entry!.filter((e) => e.resource?.resourceType === 'Observation')
      .map((e) => e.resource!.id);
    const loaded = await searchAll<Observation>('Observation', `patient=${JOSUE.patient}&_count=500`);
    expect(loaded.map((o) => o.id).sort()).toEqual([...observationIds].sort());
  });

  it('rewrites urn:uuid references to Type/id and every target exists', async () => {
    const encounters = await searchAll<Encounter>('Encounter', `patient=${RENEA.patient}`);
    expect(encounters.length).toBe(37);
    const targets = new Set<string>();
    for (const encounter of encounters) {
      expect(encounter.subject?.reference).toBe(`Patient/${RENEA.patient}`);
      for (const ref of [
        encounter.serviceProvider?.reference,
        ...(encounter.participant ?? []).map((p) => p.individual?.reference),
      ]) {
        if (ref) targets.add(ref);
      }
    }
    expect(targets.size).toBeGreaterThan(0);
    for (const ref of targets) {
      expect(ref).toMatch(/^(Organization|Practitioner)\/[A-Za-z0-9-]+$/);
      expect((await get(`/${ref}`)).status, ref).toBe(200);
    }
  });

  it.each([RENEA, JOSUE, EDDIE, ALLEN])(
    'shifts $file so its newest Encounter starts yesterday',
    async ({ patient }) => {
      const encounters = await searchAll<Encounter>('Encounter', `patient=${patient}`);
      expect(newestEncounterStart(encounters).slice(0, 10)).toBe(YESTERDAY);
    },
  );

  it('shifts birthDate by the same delta and keeps time, offset and precision', async () => {
    const original = await readBundle(RENEA.file);
    const originalEncounters = original
      .entry!.map((e) => e.resource)
      .filter((r): r is Encounter => r?.resourceType === 'Encounter');
    const originalNewest = newestEncounterStart(originalEncounters);
    const delta = Math.round(
      (Date.parse(`${YESTERDAY}T00:00:00Z`) - Date.parse(`${originalNewest.slice(0, 10)}T00:00:00Z`)) /
        DAY_MS,
    );
    expect(delta).toBeGreaterThan(0);

    const originalPatient = original.entry!.find((e) => e.resource?.resourceType === 'Patient')!
      .resource as Patient;
    const patient = (await get(`/Patient/${RENEA.patient}`)).body as Patient;
    expect(patient.birthDate).toBe(addDays(originalPatient.birthDate!, delta));

    const shifted = await searchAll<Encounter>('Encounter', `patient=${RENEA.patient}`);
    const newest = newestEncounterStart(shifted);
    // "2021-03-11T14:01:57+00:00" → "2026-11-25T14:01:57+00:00": same clock time, same offset text.
    expect(newest.slice(10)).toBe(originalNewest.slice(10));
    expect(shiftDateValue('1957-12', 3)).toBe('1957-12');
    expect(shiftDateValue('1957-12', 30)).toMatch(/^1958-01$/);
    expect(shiftDateValue('2021', 400)).toBe('2022');
    expect(shiftDateValue('2021-03-11T14:01:57.123Z', 1)).toBe('2021-03-12T14:01:57.123Z');
  });

  it('leaves meta.lastUpdated to the server', async () => {
    const patient = (await get(`/Patient/${RENEA.patient}`)).body as Patient;
    expect(Math.abs(Date.parse(patient.meta!.lastUpdated!) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('turns Synthea 3.x conditional references into findable stub resources', async () => {
    const encounters = await searchAll<Encounter>('Encounter', `patient=${ALLEN.patient}`);
    const refs = encounters.flatMap((e) => [
      e.serviceProvider?.reference,
      e.location?.[0]?.location.reference,
      ...(e.participant ?? []).map((p) => p.individual?.reference),
    ]);
    expect(refs.filter((r) => r?.includes('?'))).toEqual([]);
    const practitionerRef = refs.find((r) => r?.startsWith('Practitioner/'));
    expect(practitionerRef).toMatch(/^Practitioner\/stub-[0-9a-f]{24}$/);
    const stub = (await get(`/${practitionerRef}`)).body as Practitioner;
    expect(stub.identifier?.[0]?.system).toBe('http://hl7.org/fhir/sid/us-npi');
    expect(stub.name?.[0]?.text).toMatch(/^Dr\. /);

    const found = await get(
      '/Practitioner',
      `identifier=http://hl7.org/fhir/sid/us-npi|${stub.identifier![0]!.value}`,
    );
    expect((found.body as Bundle).total).toBe(1);
  });

  it('lists patients and practitioners for the pickers, hand-made ones first', async () => {
    const patients = await server.listPatients();
    expect(patients[0]?.id).toMatch(/^cg-/);
    expect(patients.map((p) => p.id)).toEqual(
      expect.arrayContaining(['cg-maria', 'cg-rosa', 'cg-theo', RENEA.patient]),
    );
    const practitioners = await server.listPractitioners();
    expect(practitioners.map((p) => p.id)).toContain('cg-dr-lee');
  });
});

describe('prepareBundle', () => {
  it('is deterministic for the same input and the same today', async () => {
    ensureFhirDefinitions();
    const a = prepareBundle(await readBundle(ALLEN.file), ALLEN.file, TODAY);
    const b = prepareBundle(await readBundle(ALLEN.file), ALLEN.file, TODAY);
    expect(b).toEqual(a);
    const later = prepareBundle(await readBundle(ALLEN.file), ALLEN.file, new Date('2027-01-01T12:00:00Z'));
    expect(later.shiftDays).toBe(a.shiftDays + 36);
  });

  it('gives urn:uuid entries without resource.id the uuid, and POST entries keep it', () => {
    ensureFhirDefinitions();
    const uuid = '0b0f0f0f-1111-4222-8333-444455556666';
    const prepared = prepareBundle(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: `urn:uuid:${uuid}`,
            resource: { resourceType: 'Patient', birthDate: '2000-01-01' },
            request: { method: 'POST', url: 'Patient' },
          },
          {
            fullUrl: 'urn:uuid:9b0f0f0f-1111-4222-8333-444455556666',
            resource: {
              resourceType: 'Encounter',
              status: 'finished',
              class: { code: 'AMB' },
              subject: { reference: `urn:uuid:${uuid}` },
              period: { start: '2020-01-10' },
            },
            request: { method: 'POST', url: 'Encounter' },
          },
        ],
      },
      'inline',
      TODAY,
    );
    const [patient, encounter] = prepared.resources as [Patient, Encounter];
    expect(patient.id).toBe(uuid);
    expect(encounter.subject?.reference).toBe(`Patient/${uuid}`);
    expect(encounter.period?.start).toBe(YESTERDAY);
    expect(patient.birthDate).toBe(addDays('2000-01-01', prepared.shiftDays));
  });
});

describe('a fixtures folder with bad files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-fixtures-'));
    const good: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', id: 'good-1' } }],
    };
    await writeFile(join(dir, 'good.json'), JSON.stringify(good));
    await writeFile(join(dir, 'broken.json'), '{ "resourceType": "Bundle", ');
    await writeFile(
      join(dir, 'unknown-type.json'),
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Nonsense', id: 'x' } }],
      }),
    );
    await writeFile(join(dir, 'not-a-bundle.json'), JSON.stringify({ resourceType: 'Patient', id: 'loose' }));
    await writeFile(join(dir, '_notes.json'), '{ not json at all');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the failed files by name and still loads the rest', async () => {
    ensureFhirDefinitions();
    const repo = new SandboxRepository();
    const report = await loadFixtures(repo, dir, TODAY);
    expect(report.failed.map((f) => f.file).sort()).toEqual(['broken.json', 'unknown-type.json']);
    expect(report.skipped).toBe(1);
    expect(report.bundles).toBe(1);
    expect((await repo.readResource('Patient', 'good-1')).id).toBe('good-1');
    await expect(repo.readResource('Patient', 'loose')).rejects.toThrow();
  });
});
