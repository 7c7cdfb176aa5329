/**
 * The service against the real sandbox EHR, started in-process on a free port: prefetch keys not
 * sent are read from the sandbox FHIR server with the EHR's token (page after page), and the sandbox
 * acts as a CDS client — its chart calls the service with its own signed JWT and shows the cards.
 */
import { fileURLToPath } from 'node:url';
import type { Bundle } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient } from '../../cds-hooks/config';
import { PATIENT_TOKEN, prefetchTemplates } from '../../cds-hooks/discovery';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import { fullLaunch } from '../sandbox/support/smart-test-client';
import { PatientCollector, readPaths } from '../../src/cli/input';
import { patientResources } from '../prompts/helpers';
import { runTemplate } from './ehr-prefetch';
import {
  callHook,
  ISS,
  prefetchOf,
  ruleOf,
  startEhrKeys,
  startService,
  type Ehr,
  type Service,
} from './support';

let sb: RunningSandbox;
let ehr: Ehr;
let svc: Service;

beforeAll(async () => {
  // The fixtures' newest encounter is 2026-06-30: "today" the day after keeps their dates as written.
  sb = await startSandbox({ port: 0, today: new Date('2026-07-01T12:00:00') });
  ehr = await startEhrKeys();
  svc = await startService([{ iss: ISS, jwksUrl: ehr.jwksUrl }, sandboxClient(sb.url)]);
}, 90_000);
afterAll(async () => {
  await svc?.close();
  await ehr?.close();
  await sb?.close();
});

/** One Synthea patient's resources, as the sandbox loaded them from fhir-fixtures/synthea. */
async function synthea(id: string) {
  const collector = new PatientCollector();
  await readPaths(collector, [fileURLToPath(new URL('../../fhir-fixtures/synthea', import.meta.url))]);
  return collector.resourcesOf(id);
}

async function token(patient: string) {
  const { tokens } = await fullLaunch(sb.url, sb.fhirBaseUrl, { scope: 'launch patient/*.rs', patient });
  return {
    access_token: String(tokens.json.access_token),
    token_type: 'Bearer',
    scope: 'patient/*.rs',
    subject: 'cg',
  };
}

describe('prefetch keys not sent are read from fhirServer', () => {
  it('fetches a missing key from the sandbox FHIR server with fhirAuthorization', async () => {
    const id = 'r9a-pos';
    const prefetch = prefetchOf(patientResources(id), id);
    delete prefetch.observationServices; // the PSA result that fires R9a
    const withoutServer = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      prefetch,
    });
    expect(withoutServer.status).toBe(412);
    const { status, body } = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      prefetch,
      fhirServer: sb.fhirBaseUrl,
      fhirAuthorization: await token(id),
    });
    expect(status).toBe(200);
    expect(body.cards!.map(ruleOf)).toContain('R9a');
  });

  it('follows the next links of a prefetched first page, and reads every key when none is sent', async () => {
    const id = 'r3-pos-stop';
    const auth = await token(id);
    // The narrowed search the template names (the Pap and HPV results), one per page.
    const services = prefetchTemplates();
    const first = (await (
      await fetch(`${sb.fhirBaseUrl}/${services.observationServices!.replace(PATIENT_TOKEN, id)}&_count=1`, {
        headers: { authorization: `Bearer ${auth.access_token}` },
      })
    ).json()) as Bundle;
    expect(first.entry).toHaveLength(1);
    expect(first.link?.some((l) => l.relation === 'next')).toBe(true);
    const prefetch = { ...prefetchOf(patientResources(id), id), observationServices: first };
    const onePage = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      prefetch,
    });
    expect(onePage.status).toBe(412);
    const paged = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      prefetch,
      fhirServer: sb.fhirBaseUrl,
      fhirAuthorization: auth,
    });
    expect(paged.body.cards!.map(ruleOf)).toContain('R3');
    const none = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      fhirServer: sb.fhirBaseUrl,
      fhirAuthorization: auth,
    });
    expect(none.status).toBe(200);
    expect(none.body.cards!.map(ruleOf)).toContain('R3');
  });

  it('answers 412 when the FHIR server refuses the token', async () => {
    const prefetch = prefetchOf(patientResources('r9a-pos'), 'r9a-pos');
    delete prefetch.observationServices;
    const { status } = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: 'r9a-pos',
      prefetch,
      fhirServer: sb.fhirBaseUrl,
      fhirAuthorization: {
        access_token: 'not-a-token',
        token_type: 'Bearer',
        scope: 'patient/*.rs',
        subject: 'x',
      },
    });
    expect(status).toBe(412);
  });
});

describe('the sandbox FHIR server answers the narrowed prefetch searches', () => {
  /** Every page of one search, as the ids it found. */
  async function idsFrom(query: string, accessToken: string): Promise<string[]> {
    const ids: string[] = [];
    let url: string | undefined = `${sb.fhirBaseUrl}/${query}&_count=200`;
    while (url) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.status, query).toBe(200);
      const page = (await res.json()) as Bundle;
      ids.push(...(page.entry ?? []).flatMap((e) => (e.resource?.id ? [e.resource.id] : [])));
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    return ids.sort();
  }

  // Code lists with and without systems, a system alone, components and categories; the Synthea
  // record is the bench's largest patient (3,000 Observations, a handful of them read by the rules).
  it.each([
    ['r5-pos-orthostatic', () => patientResources('r5-pos-orthostatic')],
    ['prio-burdensome-pills', () => patientResources('prio-burdensome-pills')],
    ['r9a-pos-report', () => patientResources('r9a-pos-report')],
    ['bd6f9f37-7295-4cd6-b212-134afcef1253', () => synthea('bd6f9f37-7295-4cd6-b212-134afcef1253')],
  ])('%s: the same resources as the FHIR search semantics the tests apply', async (id, resources) => {
    const { access_token } = await token(id);
    const mine = await resources();
    const narrowed = Object.entries(prefetchTemplates()).filter(([, t]) => /&[a-z-]+=/.test(t));
    expect(narrowed.length).toBeGreaterThan(3);
    let found = 0;
    for (const [key, template] of narrowed) {
      const expected = (runTemplate(template, mine, id) as Bundle).entry!.map((e) => e.resource!.id!).sort();
      expect(await idsFrom(template.replace(PATIENT_TOKEN, id), access_token), key).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(0);
  });
});

describe('the sandbox EHR as a CDS client', () => {
  const chart = async (query: string) => {
    const res = await fetch(`${sb.url}/cds-client/chart?${query}`);
    return { status: res.status, text: await res.text() };
  };

  it('offers the chart and the demo orders on the launcher', async () => {
    const page = await (await fetch(`${sb.url}/launcher`)).text();
    expect(page).toContain('formaction="/cds-client/chart"');
    for (const order of ['lumbar-mri', 'psa', 'amoxicillin'])
      expect(page).toContain(`<option value="${order}">`);
  });

  it('publishes its CDS client key (ES384) where the default allow-list looks', async () => {
    const jwks = (await (await fetch(sandboxClient(sb.url).jwksUrl)).json()) as {
      keys: { alg: string; d?: string }[];
    };
    expect(jwks.keys.map((k) => k.alg)).toEqual(['ES384']);
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it('opens a chart: patient-view and, for a chosen demo order, order-select cards with the SMART link', async () => {
    process.env.CDS_HOOKS_BASE_URL = svc.url;
    const { status, text } = await chart(
      'patient=r9a-pos-order&order=psa&launch_uri=http://localhost:5173/launch/',
    );
    expect(status).toBe(200);
    expect(text).toContain('Order-select cards: PSA blood test');
    expect(text).toContain('data-rule="R9a"');
    expect(text).toContain('Remove the draft order: PSA blood test');
    expect(text).toContain(
      `href="/launcher?role=clinician&amp;patient=r9a-pos-order&amp;launch_uri=${encodeURIComponent('http://localhost:5173/launch/')}"`,
    );
    expect(text).not.toContain('not answering');
  });

  it('says so on the page when the service is not running, and the chart still opens', async () => {
    process.env.CDS_HOOKS_BASE_URL = 'http://localhost:1';
    const { status, text } = await chart('patient=r9a-pos');
    expect(status).toBe(200);
    expect(text).toContain('The CDS Hooks service at http://localhost:1 is not answering');
    expect(text).toContain('npm run cds-hooks');
  });

  it('refuses an unknown patient with the launcher error page', async () => {
    expect((await chart('patient=nobody')).status).toBe(400);
  });
});
