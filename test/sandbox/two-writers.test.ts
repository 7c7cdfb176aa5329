/**
 * Two clinicians edit the same shared care plan through the real sandbox (FHIR server, OAuth, If-Match):
 * the later writer gets the 412, re-reads, merges, and both changes survive. Creates are idempotent.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Bundle, CarePlan } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import { fullLaunch } from './support/smart-test-client';
import {
  buildSharedPlan,
  findSharedPlan,
  isSharedPlan,
  planContent,
  type PlanContext,
  finishMergedPlan,
  mergeSharedPlan,
} from '../../src/core/plan';
import { newIdentifier } from '../../src/core/write/identity';
import { resolve } from '../../src/core/write/merge';
import { save, type WriteTransport } from '../../src/core/write/save';

const present =
  existsSync(new URL('../../sandbox/fhir/server.ts', import.meta.url)) &&
  existsSync(new URL('../../fhir-fixtures/patients/maria-problem-list.json', import.meta.url));

const PATIENT = 'cg-maria';
const SCOPE =
  'launch openid fhirUser online_access patient/Patient.r patient/CarePlan.cruds patient/Goal.cruds';

interface Writer {
  transport: WriteTransport;
  get<T>(path: string): Promise<T>;
  clinician: string;
}

function fhirUserOf(idToken: unknown): string {
  const payload = JSON.parse(Buffer.from(String(idToken).split('.')[1] ?? '', 'base64url').toString()) as {
    fhirUser?: string;
  };
  return /(Practitioner\/[^/]+)$/.exec(payload.fhirUser ?? '')?.[1] ?? '';
}

async function writer(sb: RunningSandbox, practitioner: string): Promise<Writer> {
  const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, {
    scope: SCOPE,
    patient: PATIENT,
    practitioner,
  });
  expect(tokens.status).toBe(200);
  const auth = {
    authorization: `Bearer ${String(tokens.json.access_token)}`,
    accept: 'application/fhir+json',
  };
  return {
    clinician: fhirUserOf(tokens.json.id_token),
    transport: async (req) => {
      try {
        const res = await fetch(`${sb.fhirBaseUrl}/${req.url}`, {
          method: req.method,
          headers: { ...req.headers, ...auth },
          body: JSON.stringify(req.body),
        });
        const text = await res.text();
        return {
          status: res.status,
          body: text ? (JSON.parse(text) as unknown) : undefined,
          message: res.ok ? '' : text,
        };
      } catch (err) {
        return { status: 0, body: undefined, message: String(err) };
      }
    },
    get: async <T>(path: string) => {
      const res = await fetch(`${sb.fhirBaseUrl}/${path}`, {
        headers: { ...auth, 'cache-control': 'no-cache' },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    },
  };
}

const today = new Date().toISOString().slice(0, 10);
const ctx = (w: Writer): PlanContext => ({
  patientId: PATIENT,
  clinician: w.clinician,
  today,
  identifier: newIdentifier(randomUUID),
});

async function sharedPlans(w: Writer): Promise<CarePlan[]> {
  const bundle = await w.get<Bundle>(`CarePlan?patient=${PATIENT}&_count=200`);
  return (bundle.entry ?? []).map((e) => e.resource as CarePlan).filter(isSharedPlan);
}

describe.skipIf(!present)('two writers on the shared care plan, through the sandbox', () => {
  let sb: RunningSandbox;

  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
  }, 120_000);
  afterAll(() => sb?.close());

  it('the later writer gets the conflict, merges, and both changes survive; creates never duplicate', async () => {
    const lee = await writer(sb, 'cg-dr-lee');
    const okafor = await writer(sb, 'cg-np-okafor');
    expect(lee.clinician).toBe('Practitioner/cg-dr-lee');
    expect(okafor.clinician).toBe('Practitioner/cg-np-okafor');

    // Dr Lee creates the plan; a retry of the same create (same identifier) returns the same plan.
    const first = buildSharedPlan(
      undefined,
      {
        goals: [
          { reference: 'Goal/cg-maria-goal-garden', display: 'Keep working in my garden every morning' },
        ],
        addresses: [{ reference: 'Condition/cg-maria-dm2', display: 'Type 2 diabetes' }],
        activities: [{ kind: 'agreed', text: 'Walk after dinner' }],
        summary: 'First visit summary',
      },
      ctx(lee),
    );
    const created = await save(lee.transport, first);
    expect(created.kind).toBe('saved');
    const again = await save(lee.transport, first);
    expect(
      again.kind === 'saved' && created.kind === 'saved' && again.resource.id === created.resource.id,
    ).toBe(true);
    if (created.kind !== 'saved') return;
    const id = created.resource.id ?? '';
    const all = (await lee.get<Bundle>(`CarePlan?patient=${PATIENT}&_count=200`)).entry ?? [];
    expect(
      all
        .map((e) => e.resource as CarePlan)
        .filter((p) => p.identifier?.[0]?.value === first.identifier?.[0]?.value),
    ).toHaveLength(1);

    // Both open the plan at the same version.
    const leeBase = await lee.get<CarePlan>(`CarePlan/${id}`);
    const okaforBase = await okafor.get<CarePlan>(`CarePlan/${id}`);
    expect(leeBase.meta?.versionId).toBe(okaforBase.meta?.versionId);

    // Dr Lee saves first: the visit summary changes.
    const leeEdit = buildSharedPlan(
      leeBase,
      { ...planContent(leeBase, ctx(lee)), summary: 'Garden first; A1c under 8' },
      ctx(lee),
    );
    const leeSaved = await save(lee.transport, leeEdit);
    expect(leeSaved.kind).toBe('saved');

    // NP Okafor, still on the old version, adds a decision: the server refuses with 412.
    const okaforContent = planContent(okaforBase, ctx(okafor));
    const okaforEdit = buildSharedPlan(
      okaforBase,
      {
        ...okaforContent,
        activities: [
          ...okaforContent.activities,
          { kind: 'not-to-do', text: 'No sliding-scale insulin', reason: 'Lows at night' },
        ],
        summary: 'Talked about insulin',
      },
      ctx(okafor),
    );
    const stale = await save(okafor.transport, okaforEdit);
    expect(stale.kind).toBe('conflict');

    // Re-read, merge, save on their version.
    const theirs = await okafor.get<CarePlan>(`CarePlan/${id}`);
    const merge = mergeSharedPlan(okaforBase, okaforEdit, theirs);
    expect(merge.conflicts).toEqual([]);
    const merged = finishMergedPlan(resolve(merge, {}));
    expect(merged.meta?.versionId).toBe(theirs.meta?.versionId);
    const okaforSaved = await save(okafor.transport, merged);
    expect(okaforSaved.kind).toBe('saved');

    const final = await lee.get<CarePlan>(`CarePlan/${id}`);
    expect(final.note?.map((n) => [n.authorReference?.reference, n.text])).toEqual([
      ['Practitioner/cg-dr-lee', 'Garden first; A1c under 8'],
      ['Practitioner/cg-np-okafor', 'Talked about insulin'],
    ]);
    expect(final.activity?.map((a) => a.detail?.description)).toEqual([
      'Walk after dinner',
      'No sliding-scale insulin',
    ]);
    expect(final.activity?.[1]?.detail?.doNotPerform).toBe(true);
    expect(final.contributor?.map((c) => c.reference)).toEqual([
      'Practitioner/cg-dr-lee',
      `Patient/${PATIENT}`,
      'Practitioner/cg-np-okafor',
    ]);
    expect(final.text?.div).toContain('No sliding-scale insulin');
    expect(final.text?.div).toContain('Talked about insulin');
    const plans = await sharedPlans(lee);
    expect(plans.map((p) => p.id)).toEqual([id]);
    expect(findSharedPlan(plans, PATIENT)?.id).toBe(id);

    // A writer that ignores the conflict cannot overwrite: the old version is refused again.
    expect((await save(lee.transport, leeEdit)).kind).toBe('conflict');
  }, 60_000);
});
