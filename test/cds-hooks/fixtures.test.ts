/**
 * Every rule fixture's expected prompts come back as cards: through patient-view with the full
 * prefetch, and — for the overuse rules an order triggers — through order-sign with that order sent
 * as the draft being signed instead of sitting in the record.
 */
import type { FhirResource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_TIME_RULES } from '../../src/core/prompts';
import { evaluate, expectations, patientResources } from '../prompts/helpers';
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

let ehr: Ehr;
let svc: Service;
beforeAll(async () => {
  ehr = await startEhrKeys();
  svc = await startService([{ iss: ISS, jwksUrl: ehr.jwksUrl }], expectations.evaluationDate);
});
afterAll(async () => {
  await svc?.close();
  await ehr?.close();
});

const patients = Object.entries(expectations.patients);

describe('patient-view returns each fixture patient expected prompts as cards', () => {
  it.each(patients)('%s', async (id, e) => {
    const { status, body } = await callHook(svc, ehr, {
      service: 'common-ground-patient-view',
      hook: 'patient-view',
      patientId: id,
      prefetch: prefetchOf(patientResources(id), id),
    });
    expect(status).toBe(200);
    const rules = body.cards!.map(ruleOf).filter(Boolean);
    for (const rule of e.fires) expect(rules).toContain(rule);
    for (const rule of e.absent) expect(rules).not.toContain(rule);
    for (const card of body.cards!) expect(card.summary.length).toBeLessThan(140);
  });
});

const orderCases = patients.flatMap(([id, e]) => {
  const prompts = evaluate(patientResources(id)).prompts;
  return e.fires
    .filter((rule) => (ORDER_TIME_RULES as readonly string[]).includes(rule))
    .flatMap((rule) => {
      const orders =
        prompts
          .find((p) => p.rule === rule)
          ?.evidence.filter((r) => r.startsWith('ServiceRequest/') || r.startsWith('MedicationRequest/')) ??
        [];
      return orders.length ? [[id, rule, orders] as const] : [];
    });
});

describe('order-sign returns the overuse card when the triggering order is the draft', () => {
  it.each(orderCases)('%s: %s', async (id, rule, orders) => {
    const all = patientResources(id);
    const isOrder = (r: FhirResource) => orders.includes(`${r.resourceType}/${r.id}`);
    const { status, body } = await callHook(svc, ehr, {
      service: 'common-ground-order-sign',
      hook: 'order-sign',
      patientId: id,
      prefetch: prefetchOf(
        all.filter((r) => !isOrder(r)),
        id,
      ),
      context: {
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: all.filter(isOrder).map((r) => ({ resource: { ...r, status: 'draft' } })),
        },
      },
    });
    expect(status).toBe(200);
    expect(body.cards!.map(ruleOf)).toEqual([rule]);
    const removed = body.cards![0]!.suggestions![0]!.actions.map((a) => a.resourceId).sort();
    expect(removed).toEqual([...orders].sort());
  });
});
