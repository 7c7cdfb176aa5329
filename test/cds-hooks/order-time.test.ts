/** The core's pure additions for the service: order-time evaluation (D20), suggestions, summary fit. */
import type { FhirResource, MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import { evaluateOrders, ORDER_TIME_RULES, promptSuggestions, type RuleId } from '../../src/core/prompts';
import { fit } from '../../src/core/prompts/text';
import { EVALUATION_DATE, evaluate, expectations, patientResources } from '../prompts/helpers';

const isOrder = (ref: string) => ref.startsWith('ServiceRequest/') || ref.startsWith('MedicationRequest/');

describe('order-time evaluation (value-care-rules.md §14 D20)', () => {
  // Every overuse positive whose trigger is an order: the same order sent as a draft fires the rule.
  const cases = Object.entries(expectations.patients).flatMap(([id, e]) => {
    const prompts = evaluate(patientResources(id)).prompts;
    return e.fires
      .filter((rule) => (ORDER_TIME_RULES as readonly string[]).includes(rule))
      .flatMap((rule) => {
        const orders = prompts.find((p) => p.rule === rule)?.evidence.filter(isOrder) ?? [];
        return orders.length ? [[id, rule, orders] as const] : [];
      });
  });

  it('covers every order-time rule that has an order-triggered fixture', () => {
    expect(new Set(cases.map(([, rule]) => rule))).toEqual(new Set(ORDER_TIME_RULES));
  });

  it.each(cases)('%s: the %s order sent as a draft fires the rule at order time', (id, rule, orders) => {
    const all = patientResources(id);
    const isTrigger = (r: FhirResource) => orders.includes(`${r.resourceType}/${r.id}`);
    const drafts = all.filter(isTrigger).map((r) => ({ ...r, status: 'draft' }) as FhirResource);
    const result = evaluateOrders(
      { resources: all.filter((r) => !isTrigger(r)), drafts, date: EVALUATION_DATE },
      nodeCodeSets(),
    );
    expect(result.prompts.map((p) => p.rule)).toEqual([rule]);
    expect(
      result.draftsOf
        .get(rule as RuleId)
        ?.map((d) => `${d.resourceType}/${d.id}`)
        .sort(),
    ).toEqual([...orders].sort());
    // Without the drafts the record alone does not fire it: the draft is the trigger.
    expect(evaluate(all.filter((r) => !isTrigger(r))).prompts.map((p) => p.rule)).not.toContain(rule);
  });

  it('a draft never satisfies an underuse rule nor brings one to order time', () => {
    const statin: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/r1-pos-icd' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617311' }],
      },
    };
    const result = evaluateOrders(
      { resources: patientResources('r1-pos-icd'), drafts: [statin], date: EVALUATION_DATE },
      nodeCodeSets(),
    );
    expect(result.prompts).toEqual([]);
    expect([...result.drafts.keys()]).toEqual(['MedicationRequest/cg-unidentified-draft-1']);
    expect(result.drafts.get('MedicationRequest/cg-unidentified-draft-1')!.id).toBeUndefined();
  });

  const psa = () => {
    const all = patientResources('r9a-pos-order');
    const order = all.find((r) => r.id === 'r9a-pos-order-sr2')!;
    return { record: all.filter((r) => r !== order), order: order as FhirResource & { id?: string } };
  };

  it.each(['entered-in-error', 'cancelled', 'revoked', 'completed', 'stopped', 'on-hold'])(
    'an entry of draftOrders that is %s is not being ordered: no prompt',
    (status) => {
      const { record, order } = psa();
      const result = evaluateOrders(
        { resources: record, drafts: [{ ...order, status } as FhirResource], date: EVALUATION_DATE },
        nodeCodeSets(),
      );
      expect(result.prompts).toEqual([]);
      expect(result.drafts.size).toBe(0);
    },
  );

  it.each(['draft', 'active'])('an entry that is %s is being ordered: the prompt fires', (status) => {
    const { record, order } = psa();
    const result = evaluateOrders(
      { resources: record, drafts: [{ ...order, status } as FhirResource], date: EVALUATION_DATE },
      nodeCodeSets(),
    );
    expect(result.prompts.map((p) => p.rule)).toEqual(['R9a']);
  });

  it('R9c: a draft repeat DXA duplicating an active DXA order is among the evidence, as for the other rules', () => {
    const all = patientResources('r9c-pos-v2-sct');
    const active = all.find((r) => r.id === 'r9c-pos-v2-sct-sr3')!;
    const draft = { ...active, id: 'dxa-draft', status: 'draft' } as FhirResource;
    const result = evaluateOrders({ resources: all, drafts: [draft], date: EVALUATION_DATE }, nodeCodeSets());
    expect(result.prompts.map((p) => p.rule)).toEqual(['R9c']);
    expect(result.prompts[0]!.evidence).toEqual(
      expect.arrayContaining(['ServiceRequest/r9c-pos-v2-sct-sr3', 'ServiceRequest/dxa-draft']),
    );
    expect(result.draftsOf.get('R9c')!.map((d) => d.id)).toEqual(['dxa-draft']);
  });

  it('a draft sent without an id still fires, but its prompt names no id the EHR never sent', () => {
    const { record, order } = psa();
    const draft = { ...order, status: 'draft' } as FhirResource;
    delete draft.id;
    const result = evaluateOrders(
      { resources: record, drafts: [draft], date: EVALUATION_DATE },
      nodeCodeSets(),
    );
    expect(result.prompts.map((p) => p.rule)).toEqual(['R9a']);
    const own = result.draftsOf.get('R9a')!;
    expect(own.map((d) => d.id)).toEqual([undefined]);
    // Nothing to delete by id: the card carries no "remove the draft order" action.
    const actions = promptSuggestions(result.prompts[0]!, {
      patientId: 'r9a-pos-order',
      drafts: own,
    }).flatMap((s) => s.actions);
    expect(actions.filter((a) => a.type === 'delete')).toEqual([]);
  });
});

describe('card suggestions with FHIR actions', () => {
  it('R1 proposes a statin by variant: high intensity to 75, moderate over 75', () => {
    const start = evaluate(patientResources('r1-pos-icd')).prompts.find((p) => p.rule === 'R1')!;
    const older = evaluate(patientResources('r1-pos-sct-over75')).prompts.find((p) => p.rule === 'R1')!;
    const [s] = promptSuggestions(start, { patientId: 'r1-pos-icd' });
    expect(s!.actions[0]).toMatchObject({
      type: 'create',
      resource: { resourceType: 'MedicationRequest', intent: 'proposal', status: 'draft' },
    });
    const code = (p: typeof start) =>
      (promptSuggestions(p, { patientId: 'x' })[0]!.actions[0]!.resource as MedicationRequest)
        .medicationCodeableConcept?.coding?.[0]?.code;
    expect(code(start)).toBe('617311');
    expect(code(older)).toBe('617310');
  });

  it('a prompt with no agreed FHIR action has no suggestion (its decision is made in the app)', () => {
    const r10 = evaluate(patientResources('r1-pos-icd')).prompts.find((p) => p.rule === 'R10');
    if (r10) expect(promptSuggestions(r10, { patientId: 'r1-pos-icd' })).toEqual([]);
    const r8a = evaluate(patientResources('prio-burdensome-pills')).prompts.find((p) => p.rule === 'R8a')!;
    expect(promptSuggestions(r8a, { patientId: 'prio-burdensome-pills' })).toEqual([]);
  });
});

describe('card summary fit', () => {
  it('keeps a short summary and ends a long one at a word, under 140 characters', () => {
    expect(fit('Short.')).toBe('Short.');
    const long = `${'word '.repeat(27)}priority — in light of their stated priority.`;
    const out = fit(long);
    expect(out.length).toBeLessThan(140);
    expect(out.endsWith('…')).toBe(true);
    const kept = out.slice(0, -1);
    expect(long.startsWith(kept)).toBe(true);
    expect(long[kept.length]).toMatch(/[\s—]/);
  });

  it('keeps words wrapped around the summary whole and cuts the summary inside at a word', () => {
    const inner = `${'palabra '.repeat(20)}final.`;
    for (const marker of [
      ' — según la prioridad que expresó la persona.',
      ' — in light of their stated priority.',
    ]) {
      const out = fit(inner, (s) => `${s}${marker}`);
      expect(out.length).toBeLessThan(140);
      expect(out.endsWith(`…${marker}`)).toBe(true);
      const kept = out.slice(0, -marker.length - 1);
      expect(inner.startsWith(kept)).toBe(true);
      expect(inner[kept.length]).toBe(' ');
    }
    // Short enough: nothing is cut.
    expect(fit('Corto', (s) => `${s} — según la prioridad.`)).toBe('Corto — según la prioridad.');
  });
});
