/**
 * The prefetch templates' `_elements` (src/core/prompts/reads.ts ELEMENTS_READ) name every element
 * the service can read of each type: found by the TypeScript checker over all the code the service
 * loads (test/cds-hooks/resource-reads.ts), and by watching what the record check (`problemWith`,
 * which reads fields by name) touches over every fixture resource. Cards equal over the subsetted
 * prefetch: narrowing.test.ts.
 */
import { fileURLToPath } from 'node:url';
import type { Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { discovery } from '../../cds-hooks/discovery';
import { PatientCollector, readPaths } from '../../src/cli/input';
import { RULE_INPUTS } from '../../src/core/prompts/inputs';
import { ELEMENTS_READ } from '../../src/core/prompts/reads';
import { problemWith } from '../../src/core/record/validate';
import { subsetted } from './ehr-prefetch';
import { resourceReads } from './resource-reads';

const FIXTURES = fileURLToPath(new URL('../../fhir-fixtures', import.meta.url));

/** Whether `_elements` entry `listed` brings JSON key `key` (a choice element by its base name). */
const covers = (listed: readonly string[], key: string) =>
  key === 'resourceType' ||
  listed.some((e) => key === e || (key.startsWith(e) && /^[A-Z]/.test(key.slice(e.length))));

describe('_elements in the prefetch templates', () => {
  let reads: Map<string, Set<string>>;
  beforeAll(() => {
    reads = resourceReads(['cds-hooks/server.ts']);
  }, 60_000);

  it('finds reads on paths the fixtures never take (the checker sees the code, not a run)', () => {
    // Condition.abatement… is read only for a Condition without clinicalStatus.
    expect([...(reads.get('Condition') ?? [])]).toEqual(
      expect.arrayContaining(['abatementDateTime', 'onsetPeriod']),
    );
    expect([...(reads.get('Observation') ?? [])]).toEqual(
      expect.arrayContaining(['effectivePeriod', 'valueQuantity']),
    );
  });

  it('lists every element the service code reads of each type it subsets', () => {
    const common = [...(reads.get('Resource') ?? [])];
    for (const [type, listed] of Object.entries(ELEMENTS_READ)) {
      const read = [...(reads.get(type) ?? []), ...common];
      expect(read, `${type} is read whole somewhere, so it cannot be subsetted`).not.toContain('*');
      expect(
        read.filter((key) => !covers(listed ?? [], key)),
        `${type}: read by the service but not in its _elements`,
      ).toEqual([]);
    }
  });

  it('leaves the types read whole (draft orders are spread) without _elements', () => {
    for (const type of ['MedicationRequest', 'ServiceRequest']) {
      expect(reads.get(type)).toContain('*');
      expect(ELEMENTS_READ[type]).toBeUndefined();
    }
    const templates = discovery().services[0]!.prefetch;
    expect(templates.medicationRequests).not.toContain('_elements');
    expect(templates.encounters).toMatch(/&_elements=class,id,period,reasonCode,serviceType,status,type,/);
    for (const t of Object.values(templates)) expect(t.length).toBeLessThan(2000);
  });

  it('keeps every field the record check reads, so no resource is dropped as malformed', async () => {
    const collector = new PatientCollector();
    await readPaths(collector, [FIXTURES]);
    const touched = new Map<string, Set<string>>();
    for (const id of collector.patients.keys())
      for (const r of collector.resourcesOf(id)) {
        if (!RULE_INPUTS.some((i) => i.resourceType === r.resourceType)) continue;
        const listed = ELEMENTS_READ[r.resourceType];
        if (listed)
          expect(problemWith(r.resourceType, subsetted(r, listed)), `${r.resourceType}/${r.id}`).toBe(
            problemWith(r.resourceType, r),
          );
        let set = touched.get(r.resourceType);
        if (!set) touched.set(r.resourceType, (set = new Set()));
        const seen = set;
        problemWith(
          r.resourceType,
          new Proxy(r, {
            get(target, key, receiver) {
              if (typeof key === 'string') seen.add(key);
              return Reflect.get(target, key, receiver) as unknown;
            },
          }) as Resource,
        );
      }
    for (const [type, keys] of touched) {
      const listed = ELEMENTS_READ[type];
      if (!listed) continue;
      expect(
        [...keys].filter((k) => !covers(listed, k)),
        `${type}: checked but not in _elements`,
      ).toEqual([]);
    }
  }, 60_000);
});
