/**
 * A CDS Hooks 2.0 conformance client of our own: discovery, the three hooks with full, `null` and
 * missing prefetch (412 when the data can be had no way), the JWT rules, CORS and the feedback round
 * trip. The missing-key case against the real sandbox FHIR server is in sandbox.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { FhirResource } from 'fhir/r4';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputQuery, RULE_INPUTS } from '../../src/core/prompts/inputs';
import { ELEMENTS_READ, readsOf } from '../../src/core/prompts/reads';
import { promptText, toCard } from '../../src/core/prompts';
import { MAX_BODY_BYTES } from '../../cds-hooks/server';
import { evaluate, patientResources } from '../prompts/helpers';
import {
  callHook,
  ISS,
  prefetchOf,
  ruleOf,
  sign,
  startEhrKeys,
  startService,
  type Ehr,
  type Service,
} from './support';

const PV = 'common-ground-patient-view';
let ehr: Ehr;
let svc: Service;

beforeAll(async () => {
  ehr = await startEhrKeys();
  svc = await startService([{ iss: ISS, jwksUrl: ehr.jwksUrl }]);
});
afterAll(async () => {
  await svc?.close();
  await ehr?.close();
});

const full = (id: string) => prefetchOf(patientResources(id), id);

describe('discovery', () => {
  it('lists the three services without a token, with prefetch templates generated from RULE_INPUTS', async () => {
    const res = await fetch(`${svc.url}/cds-services`, { headers: { origin: 'https://ehr.example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ehr.example.org');
    const { services } = (await res.json()) as {
      services: {
        id: string;
        hook: string;
        title: string;
        description: string;
        prefetch: Record<string, string>;
      }[];
    };
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      [PV, 'patient-view'],
      ['common-ground-order-select', 'order-select'],
      ['common-ground-order-sign', 'order-sign'],
    ]);
    for (const s of services) {
      expect(s.description.length).toBeGreaterThan(20);
      expect(s.title).toBeTruthy();
      expect(s.prefetch).toEqual(services[0]!.prefetch);
    }
    const prefetch = services[0]!.prefetch;
    // Every input the rules read all of is one search for all of its type, under its own key, with
    // only the elements read (`_elements`) where the type is not read whole.
    for (const i of RULE_INPUTS.filter((i) => !readsOf(i))) {
      const query = inputQuery(i, '{{context.patientId}}');
      const elements = ELEMENTS_READ[i.resourceType];
      expect(prefetch[i.key]).toBe(
        elements && !('byId' in i)
          ? `${query}&_elements=${[...elements, 'implicitRules', 'modifierExtension'].join(',')}`
          : query,
      );
    }
    expect(prefetch.allergies).toBe(
      'AllergyIntolerance?patient={{context.patientId}}' +
        '&_elements=clinicalStatus,code,id,onset,recordedDate,verificationStatus,implicitRules,modifierExtension',
    );
    expect(prefetch.medicationRequests).toBe('MedicationRequest?patient={{context.patientId}}');
    // Observations and reports only with the codes the rules read, comma = any of them.
    const codes = (key: string) => new URL(prefetch[key]!, 'http://ehr/fhir/').searchParams;
    expect(prefetch.observations).toMatch(/^Observation\?patient=\{\{context\.patientId\}\}&code=/);
    expect(codes('observations').get('code')!.split(',')).toEqual(
      expect.arrayContaining(['13457-7', '81338-6']),
    );
    expect(codes('observationVitals').get('code')!.split(',')).toEqual(
      expect.arrayContaining(['8480-6', '39156-5']),
    );
    expect(codes('observationServices').get('code')!.split(',')).toContain('2857-1');
    expect(codes('observationComponents').get('component-code')!.split(',')).toContain('8480-6');
    expect(codes('observationPriorities').get('category')).toBe(
      'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary|what-matters,http://loinc.org|81380-8',
    );
    expect(codes('diagnosticReports').get('code')!.split(',')).toContain('2857-1');
    // Short enough for any server's request line, with a base URL and a long patient id put in.
    for (const template of Object.values(prefetch)) expect(template.length).toBeLessThan(2000);
  });

  it('answers a CORS preflight for the hooks', async () => {
    const res = await fetch(`${svc.url}/cds-services/${PV}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://ehr.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });
});

describe('patient-view', () => {
  it('returns the engine prompts as cards with full prefetch, plus the SMART link card', async () => {
    const { status, body } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: full('r1-pos-icd'),
    });
    expect(status).toBe(200);
    const r1 = body.cards!.find((c) => ruleOf(c) === 'R1')!;
    expect(r1.summary.length).toBeLessThan(140);
    expect(r1.indicator).toBe('info');
    expect(r1.source.label).toContain('AHA/ACC');
    expect(r1.source.topic).toEqual({
      system: 'https://common-ground.example/fhir/CodeSystem/value-care-rule',
      code: 'R1',
    });
    expect(r1.source.url).toBe(`${svc.url}/sources/R1`);
    expect(r1.detail).toContain('Source: Grundy');
    expect(r1.overrideReasons!.map((r) => r.code)).toEqual([
      'patient-declined',
      'not-a-priority',
      'already-addressed',
      'clinical-reason',
      'does-not-apply',
    ]);
    expect(r1.selectionBehavior).toBe('at-most-one');
    const action = r1.suggestions![0]!.actions[0]!;
    expect(action.type).toBe('create');
    expect(action.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: 'Patient/r1-pos-icd' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617311' }],
      },
    });
    expect(r1.links).toEqual([
      { label: 'Open Common Ground', url: 'http://localhost:5173/launch/', type: 'smart' },
    ]);
    const link = body.cards!.find((c) => !ruleOf(c))!;
    expect(link.links?.[0]?.type).toBe('smart');
    // Every card a fresh uuid: feedback is tied to the card returned, not to the rule.
    const again = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: full('r1-pos-icd'),
    });
    expect(again.body.cards!.find((c) => ruleOf(c) === 'R1')!.uuid).not.toBe(r1.uuid);
  });

  it('reads a key sent as null as "no such data": no MI on record, no statin prompt', async () => {
    const { status, body } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: { ...full('r1-pos-icd'), conditions: null },
    });
    expect(status).toBe(200);
    expect(body.cards!.map(ruleOf)).not.toContain('R1');
  });

  it('reads a prefetch of hundreds of kB (parsed piece by piece) as the small one; a cut-off body is 400', async () => {
    const prefetch = full('r1-pos-icd');
    const key = 'observations';
    const bundle = prefetch[key] as { entry?: { resource: FhirResource }[] };
    const padding = Array.from({ length: 3000 }, (_, i) => ({
      resource: {
        resourceType: 'Observation',
        id: `padding-${i}`,
        status: 'final',
        code: { coding: [{ system: 'urn:example:unrelated', code: String(i) }] },
        subject: { reference: 'Patient/r1-pos-icd' },
        note: [{ text: 'Nota de la señora: "sin cambios" — 血圧 😀' }],
      } as FhirResource,
    }));
    const big = { ...prefetch, [key]: { ...bundle, entry: [...(bundle.entry ?? []), ...padding] } };
    expect(JSON.stringify(big).length).toBeGreaterThan(500_000);
    const small = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch,
    });
    const large = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: big,
    });
    expect(large.status).toBe(200);
    expect(large.body.cards!.map(ruleOf)).toEqual(small.body.cards!.map(ruleOf));
    expect(large.body.cards!.map(ruleOf)).toContain('R1');

    const url = `${svc.url}/cds-services/${PV}`;
    const text = JSON.stringify({
      hook: 'patient-view',
      hookInstance: 'x',
      context: { patientId: 'r1-pos-icd' },
      prefetch: big,
    });
    const cut = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await sign(ehr, { aud: url })}`,
      },
      body: text.slice(0, -3),
    });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { message: string }).message).toBe('the request body is not JSON');
  });

  it('reads the body while the token is checked, yet answers for the token first: 401, then 415 and 413', async () => {
    const url = `${svc.url}/cds-services/${PV}`;
    const body = JSON.stringify({
      hook: 'patient-view',
      hookInstance: 'x',
      context: { patientId: 'r1-pos-icd' },
    });
    const post = async (headers: Record<string, string>, payload = body) =>
      (await fetch(url, { method: 'POST', headers, body: payload })).status;
    expect(await post({ 'content-type': 'text/plain', authorization: 'Bearer nope' })).toBe(401);
    const auth = async () => `Bearer ${await sign(ehr, { aud: url })}`;
    expect(await post({ 'content-type': 'text/plain', authorization: await auth() })).toBe(415);
    const tooLarge = ' '.repeat(MAX_BODY_BYTES + 1);
    expect(await post({ 'content-type': 'application/json', authorization: 'Bearer nope' }, tooLarge)).toBe(
      401,
    );
    expect(await post({ 'content-type': 'application/json', authorization: await auth() }, tooLarge)).toBe(
      413,
    );
    // The service still answers after both.
    const { status } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: full('r1-pos-icd'),
    });
    expect(status).toBe(200);
  });

  it('answers 412 with no card when a key is missing and there is no fhirServer', async () => {
    const prefetch = full('r1-pos-icd');
    delete prefetch.allergies;
    const { status, body } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch,
    });
    expect(status).toBe(412);
    expect(body.cards).toBeUndefined();
    expect(body.message).toContain('allergies');
  });

  it('answers 412 when the fhirServer named cannot be reached', async () => {
    const prefetch = full('r1-pos-icd');
    delete prefetch.goals;
    const { status } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch,
      fhirServer: 'http://localhost:1/fhir',
      fhirAuthorization: { access_token: 'x', token_type: 'Bearer', scope: 'patient/*.rs', subject: 'cg' },
    });
    expect(status).toBe(412);
  });

  it('shapes the cards by the patient stated priorities, as the app does', async () => {
    const resources = patientResources('prio-eol-goal');
    const { body } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'prio-eol-goal',
      prefetch: prefetchOf(resources, 'prio-eol-goal'),
    });
    const r4 = body.cards!.find((c) => ruleOf(c) === 'R4')!;
    const inApp = toCard(
      evaluate(resources).prompts.find((p) => p.rule === 'R4')!,
      'prio-eol-goal',
    );
    // Too long with the priority's words: the prompt's own words end at a word, and the marker
    // that it is reworded stays whole, under 140 characters.
    expect(r4.summary).toMatch(/\S… — in light of their stated priority\.$/);
    expect(r4.summary.length).toBeLessThan(140);
    expect(r4.summary).toBe(inApp.summary);
    expect(r4.detail).toBe(inApp.detail);
  });

  describe("the record's free text in a card's markdown detail reads literally", () => {
    /** A live markdown link (brackets not backslash-escaped) to a javascript: URL. */
    const LIVE_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(javascript:/;
    const withPriorityText = (text: string) => {
      const all = patientResources('prio-burdensome-pills');
      const obs = all.find((r) => r.id === 'prio-burdensome-pills-obse3') as { valueString?: string };
      obs.valueString = text;
      return all;
    };
    const r1Of = async (resources: FhirResource[]) => {
      const { body } = await callHook(svc, ehr, {
        service: PV,
        hook: 'patient-view',
        patientId: 'prio-burdensome-pills',
        prefetch: prefetchOf(resources, 'prio-burdensome-pills'),
      });
      return body.cards!.find((c) => ruleOf(c) === 'R1')!;
    };

    it('a patient priority with a markdown javascript: link is escaped, not a live link', async () => {
      const text = 'Taking more pills is a burden [click](javascript:alert(1))';
      const resources = withPriorityText(text);
      const r1 = await r1Of(resources);
      expect(r1.detail).toContain('"Taking more pills is a burden \\[click\\](javascript:alert(1))"');
      expect(r1.detail).not.toMatch(LIVE_LINK);
      // The app renders plain text: it shows the words as typed, with no escapes.
      const inApp = evaluate(resources).prompts.find((p) => p.rule === 'R1')!;
      expect(promptText(inApp).detail).toContain(`"${text}"`);
    });

    it('a patient priority with raw HTML is carried as entities, not HTML', async () => {
      const r1 = await r1Of(withPriorityText('pills are a burden <img src=x onerror=alert(1)>'));
      expect(r1.detail).not.toContain('<img');
      expect(r1.detail).toContain('pills are a burden &lt;img src=x onerror=alert(1)&gt;');
    });

    it("a server's medication text ([x](javascript:…)) is escaped in the R9b detail", async () => {
      const all = patientResources('r9b-pos');
      const med = all.find((r) => r.id === 'r9b-pos-med2') as { medicationCodeableConcept: { text: string } };
      med.medicationCodeableConcept.text = 'zolpidem [details](javascript:alert(1))';
      const { body } = await callHook(svc, ehr, {
        service: PV,
        hook: 'patient-view',
        patientId: 'r9b-pos',
        prefetch: prefetchOf(all, 'r9b-pos'),
      });
      const r9b = body.cards!.find((c) => ruleOf(c) === 'R9b')!;
      expect(r9b.detail).toContain('zolpidem \\[details\\](javascript:alert(1))');
      expect(r9b.detail).not.toMatch(LIVE_LINK);
    });
  });

  it('a Spanish summary reworded by a priority still says so, as the English does', async () => {
    const { body } = await callHook(
      svc,
      ehr,
      {
        service: PV,
        hook: 'patient-view',
        patientId: 'prio-burdensome-pills',
        prefetch: full('prio-burdensome-pills'),
      },
      undefined,
      { 'accept-language': 'es' },
    );
    const r1 = body.cards!.find((c) => ruleOf(c) === 'R1')!;
    expect(r1.detail).toMatch(/prioridad que expresó/);
    expect(r1.summary).toMatch(/\S… — según la prioridad que expresó la persona\.$/);
    expect(r1.summary.length).toBeLessThan(140);
  });

  it('Accept-Language "es;q=0.9, en;q=0.5" (Spanish preferred) gives Spanish cards', async () => {
    const { body } = await callHook(
      svc,
      ehr,
      { service: PV, hook: 'patient-view', patientId: 'r1-pos-icd', prefetch: full('r1-pos-icd') },
      undefined,
      { 'accept-language': 'es;q=0.9, en;q=0.5' },
    );
    expect(body.cards!.find((c) => ruleOf(c) === 'R1')!.summary).toMatch(/estatina/);
  });

  it('refuses a request that is not a patient-view call (400)', async () => {
    const { status } = await callHook(svc, ehr, { service: PV, hook: 'order-sign', patientId: 'r1-pos-icd' });
    expect(status).toBe(400);
  });
});

describe('order hooks (D20: draft orders count as ordered for the overuse rules)', () => {
  /** The fixture patient's order, taken out of the record and sent as the draft being ordered. */
  function asDraft(patientId: string, ref: string) {
    const all = patientResources(patientId);
    const order = all.find((r) => `${r.resourceType}/${r.id}` === ref)! as FhirResource & { status: string };
    return {
      prefetch: prefetchOf(
        all.filter((r) => r !== order),
        patientId,
      ),
      draft: { ...order, status: 'draft' },
    };
  }

  for (const service of ['common-ground-order-select', 'common-ground-order-sign']) {
    const hook = service.replace('common-ground-', '');
    it(`${hook}: a draft PSA at 70+ returns the R9a card with "remove the draft order"`, async () => {
      const { prefetch, draft } = asDraft('r9a-pos-order', 'ServiceRequest/r9a-pos-order-sr2');
      const { status, body } = await callHook(svc, ehr, {
        service,
        hook,
        patientId: 'r9a-pos-order',
        prefetch,
        context: {
          draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
          ...(hook === 'order-select' ? { selections: ['ServiceRequest/r9a-pos-order-sr2'] } : {}),
        },
      });
      expect(status).toBe(200);
      expect(body.cards!.map(ruleOf)).toEqual(['R9a']);
      const card = body.cards![0]!;
      expect(card.suggestions![0]!.actions).toEqual([
        expect.objectContaining({ type: 'delete', resourceId: 'ServiceRequest/r9a-pos-order-sr2' }),
      ]);
      expect(card.links![0]!.type).toBe('smart');
    });
  }

  it('order-select: only the newly selected orders get cards', async () => {
    const { prefetch, draft } = asDraft('r9a-pos-order', 'ServiceRequest/r9a-pos-order-sr2');
    const { body } = await callHook(svc, ehr, {
      service: 'common-ground-order-select',
      hook: 'order-select',
      patientId: 'r9a-pos-order',
      prefetch,
      context: {
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
        selections: ['ServiceRequest/something-else'],
      },
    });
    expect(body.cards).toEqual([]);
  });

  it('a draft sent without an id gets its card but no "delete" action naming an id the EHR never sent', async () => {
    const { prefetch, draft } = asDraft('r9a-pos-order', 'ServiceRequest/r9a-pos-order-sr2');
    const unnamed: Record<string, unknown> = { ...draft };
    delete unnamed.id;
    const { status, body } = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: 'r9a-pos-order',
      prefetch,
      context: {
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: unnamed }] },
      },
    });
    expect(status).toBe(200);
    expect(body.cards!.map(ruleOf)).toEqual(['R9a']);
    const actions = body.cards!.flatMap((c) => c.suggestions ?? []).flatMap((s) => s.actions);
    expect(actions.filter((a) => a.type === 'delete')).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/draft-order-\d|cg-unidentified-draft/);
  });

  it('an entry of draftOrders that is entered-in-error (not being ordered) gets no overuse card', async () => {
    const { prefetch, draft } = asDraft('r9a-pos-order', 'ServiceRequest/r9a-pos-order-sr2');
    const { status, body } = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: 'r9a-pos-order',
      prefetch,
      context: {
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { ...draft, status: 'entered-in-error' } }],
        },
      },
    });
    expect(status).toBe(200);
    expect(body.cards).toEqual([]);
  });

  it('R9c: a draft repeat DXA duplicating an active DXA order gets the card and "remove the draft order"', async () => {
    const all = patientResources('r9c-pos-v2-sct');
    const active = all.find((r) => r.id === 'r9c-pos-v2-sct-sr3')!;
    const { body } = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: 'r9c-pos-v2-sct',
      prefetch: full('r9c-pos-v2-sct'),
      context: {
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { ...active, id: 'dxa-draft', status: 'draft' } }],
        },
      },
    });
    expect(body.cards!.map(ruleOf)).toEqual(['R9c']);
    expect(body.cards![0]!.suggestions![0]!.actions).toEqual([
      expect.objectContaining({ type: 'delete', resourceId: 'ServiceRequest/dxa-draft' }),
    ]);
  });

  it('a draft statin does not satisfy R1 (D2), and no underuse card comes at order time', async () => {
    const resources = patientResources('r1-pos-icd');
    const statin = {
      resourceType: 'MedicationRequest',
      id: 'draft-statin',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/r1-pos-icd' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617311' }],
      },
    };
    const sign = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: 'r1-pos-icd',
      prefetch: prefetchOf(resources, 'r1-pos-icd'),
      context: { draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: statin }] } },
    });
    expect(sign.body.cards).toEqual([]);
    const view = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: prefetchOf([...resources, statin as FhirResource], 'r1-pos-icd'),
    });
    expect(view.body.cards!.map(ruleOf)).toContain('R1');
  });

  it('refuses an order hook without draftOrders (400)', async () => {
    const { status } = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: 'r9a-pos',
      prefetch: full('r9a-pos'),
    });
    expect(status).toBe(400);
  });
});

describe('authentication (401 with no card)', () => {
  const url = () => `${svc.url}/cds-services/${PV}`;
  const post = async (authorization?: string) => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        hook: 'patient-view',
        hookInstance: 'x',
        context: { userId: 'Practitioner/dr', patientId: 'r1-pos-icd' },
        prefetch: full('r1-pos-icd'),
      }),
    });
    const body = (await res.json()) as { cards?: unknown };
    return { status: res.status, body };
  };
  const now = () => Math.floor(Date.now() / 1000);

  const cases: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    [
      'alg none',
      async () =>
        `Bearer ${new UnsecuredJWT({ jti: 'n1' }).setIssuer(ISS).setAudience(url()).setIssuedAt().setExpirationTime('5m').encode()}`,
    ],
    [
      'HS256 with a shared secret',
      async () =>
        `Bearer ${await new SignJWT({ jti: 'h1' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISS)
          .setAudience(url())
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'))}`,
    ],
    [
      'wrong aud',
      async () => `Bearer ${await sign(ehr, { aud: `${svc.url}/cds-services/another-service` })}`,
    ],
    ['expired', async () => `Bearer ${await sign(ehr, { aud: url(), iat: now() - 900, exp: now() - 600 })}`],
    [
      'unknown iss',
      async () => `Bearer ${await sign(ehr, { aud: url(), iss: 'https://stranger.example.org' })}`,
    ],
    [
      'jku off the allow-list',
      async () => `Bearer ${await sign(ehr, { aud: url(), jku: 'https://attacker.example.org/jwks.json' })}`,
    ],
    ['not a JWT', async () => 'Bearer not-a-jwt'],
  ];
  it.each(cases)('%s → 401', async (_name, token) => {
    const { status, body } = await post(await token());
    expect(status).toBe(401);
    expect(body.cards).toBeUndefined();
  });

  it('accepts RS384, ES384 and ES256, aud as the base URL or the service URL, and jku when it is the listed URL', async () => {
    for (const [alg, aud] of [
      ['RS384', url()],
      ['ES384', svc.url],
      ['ES256', url()],
    ] as const)
      expect((await post(`Bearer ${await sign(ehr, { aud, alg })}`)).status).toBe(200);
    expect((await post(`Bearer ${await sign(ehr, { aud: url(), jku: ehr.jwksUrl })}`)).status).toBe(200);
  });

  it('refuses a replayed jti', async () => {
    const token = `Bearer ${await sign(ehr, { aud: url(), jti: 'once-only' })}`;
    expect((await post(token)).status).toBe(200);
    const replay = await post(token);
    expect(replay.status).toBe(401);
    expect(replay.body.cards).toBeUndefined();
  });
});

describe('feedback', () => {
  it('ties accepted and overridden feedback to the card uuid, rule and patient in the NDJSON file', async () => {
    const { body } = await callHook(svc, ehr, {
      service: PV,
      hook: 'patient-view',
      patientId: 'r1-pos-icd',
      prefetch: full('r1-pos-icd'),
    });
    const r1 = body.cards!.find((c) => ruleOf(c) === 'R1')!;
    const r10 = body.cards!.find((c) => ruleOf(c) === 'R10');
    const feedbackUrl = `${svc.url}/cds-services/${PV}/feedback`;
    const items = [
      {
        card: r1.uuid,
        outcome: 'overridden',
        overrideReason: { reason: r1.overrideReasons![0], userComment: 'Wants to try diet first' },
        outcomeTimestamp: '2026-06-30T10:00:00Z',
      },
      ...(r10
        ? [
            {
              card: r10.uuid,
              outcome: 'accepted',
              acceptedSuggestions: [],
              outcomeTimestamp: '2026-06-30T10:01:00Z',
            },
          ]
        : []),
    ];
    const unauth = await fetch(feedbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feedback: items }),
    });
    expect(unauth.status).toBe(401);
    const res = await fetch(feedbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await sign(ehr, { aud: feedbackUrl })}`,
      },
      body: JSON.stringify({ feedback: items }),
    });
    expect(res.status).toBe(200);
    const lines = readFileSync(svc.feedbackFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual({
      kind: 'card',
      uuid: r1.uuid,
      rule: 'R1',
      patient: 'r1-pos-icd',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(lines).toContainEqual({
      kind: 'feedback',
      uuid: r1.uuid,
      rule: 'R1',
      patient: 'r1-pos-icd',
      outcome: 'overridden',
      reason: { code: 'patient-declined', display: 'Patient declined after discussion' },
      time: '2026-06-30T10:00:00.000Z',
    });
    if (r10)
      expect(lines).toContainEqual({
        kind: 'feedback',
        uuid: r10.uuid,
        rule: 'R10',
        patient: 'r1-pos-icd',
        outcome: 'accepted',
        time: '2026-06-30T10:01:00.000Z',
      });
  });

  describe('override reasons and retries', () => {
    const r1Card = async () => {
      const { body } = await callHook(svc, ehr, {
        service: PV,
        hook: 'patient-view',
        patientId: 'r1-pos-icd',
        prefetch: full('r1-pos-icd'),
      });
      return body.cards!.find((c) => ruleOf(c) === 'R1')!;
    };
    const post = async (feedback: unknown[]) => {
      const url = `${svc.url}/cds-services/${PV}/feedback`;
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await sign(ehr, { aud: url })}`,
        },
        body: JSON.stringify({ feedback }),
      });
    };
    const linesOf = (uuid: string) =>
      readFileSync(svc.feedbackFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.kind === 'feedback' && l.uuid === uuid);

    it('the same feedback item posted twice (a retry), or twice in one post, is written once', async () => {
      const card = await r1Card();
      const item = {
        card: card.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [],
        outcomeTimestamp: '2026-06-30T10:05:00Z',
      };
      expect((await post([item])).status).toBe(200);
      expect((await post([item, item])).status).toBe(200);
      expect(linesOf(card.uuid)).toHaveLength(1);
      // A different decision on the same card is new feedback, and is written.
      const later = {
        card: card.uuid,
        outcome: 'overridden',
        outcomeTimestamp: '2026-06-30T10:06:00Z',
        overrideReason: { reason: card.overrideReasons![1] },
      };
      expect((await post([later])).status).toBe(200);
      expect(linesOf(card.uuid).map((l) => l.outcome)).toEqual(['accepted', 'overridden']);
    });

    it("an EHR's own reason (another system, same code) is kept with its system, never as ours", async () => {
      const card = await r1Card();
      const reason = {
        system: 'http://ehr.example.org/reasons',
        code: 'patient-declined',
        display: 'Allergic',
      };
      const res = await post([
        {
          card: card.uuid,
          outcome: 'overridden',
          outcomeTimestamp: '2026-06-30T10:00:00Z',
          overrideReason: { reason },
        },
      ]);
      expect(res.status).toBe(200);
      expect(linesOf(card.uuid)).toEqual([expect.objectContaining({ outcome: 'overridden', reason })]);
    });

    it('a code of our system that the card did not offer is refused, not recorded', async () => {
      const card = await r1Card();
      const res = await post([
        {
          card: card.uuid,
          outcome: 'overridden',
          outcomeTimestamp: '2026-06-30T10:00:00Z',
          overrideReason: { reason: { system: card.overrideReasons![0]!.system, code: 'made-up' } },
        },
      ]);
      expect(res.status).toBe(400);
      expect(linesOf(card.uuid)).toEqual([]);
    });

    it('a reason Coding without a system is refused', async () => {
      const card = await r1Card();
      const res = await post([
        { card: card.uuid, outcome: 'overridden', overrideReason: { reason: { code: 'patient-declined' } } },
      ]);
      expect(res.status).toBe(400);
      expect(linesOf(card.uuid)).toEqual([]);
    });
  });

  it('a card issued by another replica (same file) is found; malformed feedback is refused', async () => {
    const other = await startService([{ iss: ISS, jwksUrl: ehr.jwksUrl }]);
    try {
      const { body } = await callHook(other, ehr, {
        service: PV,
        hook: 'patient-view',
        patientId: 'r1-pos-icd',
        prefetch: full('r1-pos-icd'),
      });
      const card = body.cards!.find((c) => ruleOf(c) === 'R1')!;
      // Replica B reads replica A's file: point it at the same path by posting to a service sharing it.
      const shared = await startServiceOn(other.feedbackFile);
      try {
        const url = `${shared.url}/cds-services/${PV}/feedback`;
        const post = async (feedback: unknown) =>
          fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${await sign(ehr, { aud: url })}`,
            },
            body: JSON.stringify({ feedback }),
          });
        expect((await post([{ card: card.uuid, outcome: 'accepted' }])).status).toBe(200);
        expect((await post([{ card: card.uuid, outcome: 'maybe' }])).status).toBe(400);
        const lines = readFileSync(other.feedbackFile, 'utf8').trim().split('\n');
        expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'feedback', uuid: card.uuid, rule: 'R1' });
      } finally {
        await shared.close();
      }
    } finally {
      await other.close();
    }
  });
});

async function startServiceOn(feedbackFile: string) {
  const { startCdsService } = await import('../../cds-hooks/server');
  return startCdsService({
    port: 0,
    clients: [{ iss: ISS, jwksUrl: ehr.jwksUrl }],
    feedbackFile,
    appLaunchUrl: 'http://localhost:5173/launch/',
    today: () => '2026-06-30',
  });
}
