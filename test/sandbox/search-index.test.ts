/**
 * The sandbox store's patient index (issue 14, "Sandbox search"): a search by patient or subject
 * reads only that patient's resources and does not evaluate its filter again per resource, the
 * index follows every change (update, delete, rolled-back transaction), and the stored objects
 * a search hands out cannot be changed by the caller. A search read page by page is scanned once
 * per viewer while nothing stored changes, and gives exactly what a fresh scan would.
 */
import type { Observation } from '@medplum/fhirtypes';
import * as medplum from '@medplum/core';
import type * as match from '../../sandbox/fhir/match';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureFhirDefinitions } from '../../sandbox/fhir/definitions';
import { SandboxRepository } from '../../sandbox/fhir/repository';

const calls = vi.hoisted(() => ({ matches: 0 }));
// Counts the resources a search's filters are run on (the test compiled for the filters left over).
vi.mock('../../sandbox/fhir/match', async (importOriginal) => {
  const actual = await importOriginal<typeof match>();
  return {
    ...actual,
    compileFilters: (...args: Parameters<typeof actual.compileFilters>) => {
      const test = actual.compileFilters(...args);
      return (resource: Parameters<typeof test>[0]) => {
        calls.matches++;
        return test(resource);
      };
    },
  };
});

function observation(id: string, patient: string, code = '8480-6'): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
  };
}

async function ids(repo: SandboxRepository, query: string): Promise<string[]> {
  const request = medplum.parseSearchRequest(query);
  return ((await repo.search(request)).entry ?? []).map((e) => e.resource?.id ?? '');
}

let repo: SandboxRepository;

beforeAll(() => {
  ensureFhirDefinitions();
}, 60_000);

beforeEach(async () => {
  repo = new SandboxRepository();
  for (let i = 0; i < 200; i++) {
    await repo.createResource(observation(`a-${i}`, 'a', i % 2 ? '8480-6' : '8462-4'));
    await repo.createResource(observation(`b-${i}`, 'b'));
  }
  // Names Patient/a, but not as its subject: a reference elsewhere is no compartment match.
  await repo.createResource({
    ...observation('perf', 'b'),
    performer: [{ reference: 'Patient/a' }],
  });
  calls.matches = 0;
});

describe('a search by patient', () => {
  it('answers from the index without matching the patient filter per resource', async () => {
    const found = await ids(repo, 'Observation?patient=Patient/a&_count=1000');
    expect(found).toHaveLength(200);
    expect(found.every((id) => id.startsWith('a-'))).toBe(true);
    expect(calls.matches).toBe(0);
  });

  it('matches the other filters only against that patient’s resources, in stored order', async () => {
    const found = await ids(repo, 'Observation?subject=Patient/a&code:not=8480-6&_count=1000');
    expect(found).toEqual(Array.from({ length: 100 }, (_, i) => `a-${i * 2}`));
    expect(calls.matches).toBe(200);
  });

  it('does not count a reference in another field as the patient’s', async () => {
    expect(await ids(repo, 'Observation?patient=Patient/a&_count=1000')).not.toContain('perf');
    expect(await ids(repo, 'Observation?patient=Patient/b&_count=1000')).toContain('perf');
  });

  it('follows an update to another patient and a delete, keeping an updated record in its place', async () => {
    await repo.updateResource(observation('a-5', 'b'));
    await repo.updateResource(observation('a-0', 'a', '1234-5'));
    await repo.deleteResource('Observation', 'a-7');
    const a = await ids(repo, 'Observation?patient=Patient/a&_count=1000');
    expect(a).not.toContain('a-5');
    expect(a).not.toContain('a-7');
    expect(a[0]).toBe('a-0');
    expect(await ids(repo, 'Observation?patient=Patient/b&_count=1000')).toContain('a-5');
  });

  it('is put back with the records when a transaction rolls back', async () => {
    await expect(
      repo.withTransaction(async () => {
        await repo.updateResource(observation('a-1', 'b'));
        await repo.deleteResource('Observation', 'a-2');
        await repo.createResource(observation('new', 'a'));
        throw new Error('a later entry failed');
      }),
    ).rejects.toThrow('a later entry failed');
    const a = await ids(repo, 'Observation?patient=Patient/a&_count=1000');
    expect(a).toContain('a-1');
    expect(a).toContain('a-2');
    expect(a).not.toContain('new');
    expect(await ids(repo, 'Observation?patient=Patient/b&_count=1000')).not.toContain('a-1');
  });
});

describe('what a search hands out', () => {
  it('cannot be changed in place, so one caller cannot alter what the next one reads', async () => {
    const [first] =
      (await repo.search(medplum.parseSearchRequest('Observation?patient=Patient/a&_count=1'))).entry ?? [];
    const resource = first?.resource as Observation;
    expect(() => {
      resource.status = 'cancelled';
    }).toThrow(TypeError);
    expect(() => {
      resource.code.coding?.push({ code: 'x' });
    }).toThrow(TypeError);
    expect((await repo.readResource<Observation>('Observation', resource.id!)).status).toBe('final');
  });

  it('is a copy when read by id, which the caller may change', async () => {
    const read = await repo.readResource<Observation>('Observation', 'a-1');
    read.status = 'amended';
    expect((await repo.readResource<Observation>('Observation', 'a-1')).status).toBe('final');
  });
});

describe('the next pages of a search', () => {
  // Medplum's matcher answers `:not`, so its calls count the scans.
  const page = async (offset: number, viewer: object, visible = (_r: unknown) => true) =>
    (
      (
        await repo.searchVisible(
          medplum.parseSearchRequest(
            `Observation?subject=Patient/a&code:not=8480-6&_count=30&_offset=${offset}`,
          ),
          visible,
          viewer,
        )
      ).entry ?? []
    ).map((e) => e.resource?.id ?? '');

  it('are slices of the matches the first page found, not a new scan each', async () => {
    const viewer = {};
    const pages = [
      await page(0, viewer),
      await page(30, viewer),
      await page(60, viewer),
      await page(90, viewer),
    ];
    expect(pages.flat()).toEqual(Array.from({ length: 100 }, (_, i) => `a-${i * 2}`));
    // One scan of patient a's 200 Observations, whatever the number of pages.
    expect(calls.matches).toBe(200);
  });

  it('see a write made between two pages', async () => {
    const viewer = {};
    expect(await page(0, viewer)).toHaveLength(30);
    await repo.deleteResource('Observation', 'a-0');
    await repo.createResource(observation('late', 'a', '8462-4'));
    const rest = [...(await page(30, viewer)), ...(await page(60, viewer)), ...(await page(90, viewer))];
    // As a fresh scan gives them: a-0 gone shifts a-60 onto the first page, and the new one is last.
    expect(rest[0]).toBe('a-62');
    expect(rest.at(-1)).toBe('late');
    expect(calls.matches).toBe(400);
  });

  it('are kept per viewer: one who may see less is never answered from another’s matches', async () => {
    const everyone = {};
    const narrow = {};
    await page(0, everyone);
    const fewer = await page(0, narrow, (r) => Number((r as Observation).id?.slice(2)) < 40);
    expect(fewer).toEqual(Array.from({ length: 20 }, (_, i) => `a-${i * 2}`));
    expect(await page(30, everyone)).toEqual(Array.from({ length: 30 }, (_, i) => `a-${60 + i * 2}`));
    expect(calls.matches).toBe(400);
  });
});
