import type { MedicationRequest, Patient, Resource, ServiceRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import { proposalPrompts, proposedResources } from '../../src/core/evisit/stewardship';
import { CPT, ICD10CM, RXNORM } from '../../src/core/fhir/vocabulary';

const codes = nodeCodeSets();
const patient: Patient = { resourceType: 'Patient', id: 'p1', birthDate: '1985-04-02' };
const ctx = { patientId: 'p1', date: '2026-12-01' };

const amoxicillin = (over: Partial<MedicationRequest> = {}): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'proposal',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-12-01',
  medicationCodeableConcept: { coding: [{ system: RXNORM, code: '308191' }] },
  ...over,
});
const forUri = { reasonCode: [{ coding: [{ system: ICD10CM, code: 'J06.9' }] }] };
const rules = (record: Resource[], order: MedicationRequest) =>
  proposalPrompts(record, order, ctx, codes).map((p) => p.rule);

describe('stewardship on a proposed e-visit order', () => {
  it('the order’s reason stands for the diagnosis the reply has not written yet', () => {
    expect(rules([patient], amoxicillin(forUri))).toEqual(['R7']);
    expect(rules([patient], amoxicillin())).toEqual([]);
    const { order, context } = proposedResources(amoxicillin(forUri), ctx);
    expect(order.id).toBe('proposed-evisit-order');
    expect(context).toMatchObject([
      { resourceType: 'Condition', code: forUri.reasonCode[0], recordedDate: '2026-12-01' },
    ]);
  });

  it('a diagnosis given with the order is used instead of its reason', () => {
    const sinusitis = {
      resourceType: 'Condition',
      id: 'dx',
      subject: { reference: 'Patient/p1' },
      recordedDate: '2026-12-01',
      code: { coding: [{ system: ICD10CM, code: 'J01.90' }] },
    } as const;
    const { context } = proposedResources(amoxicillin(forUri), { ...ctx, context: [sinusitis] });
    expect(context).toEqual([sinusitis]);
  });

  it('what the reply has not written yet gets an id, so a prompt names it as evidence', () => {
    const uri: Resource = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      recordedDate: '2026-12-01',
      code: { coding: [{ system: ICD10CM, code: 'J06.9' }] },
    } as Resource;
    const [r7] = proposalPrompts([patient], amoxicillin(), { ...ctx, context: [uri] }, codes);
    expect(r7?.evidence).toEqual(
      expect.arrayContaining([
        'Condition/proposed-evisit-condition-1',
        'MedicationRequest/proposed-evisit-order',
      ]),
    );
  });

  it('only prompts about this order: an antibiotic already on the record is not the proposal’s', () => {
    const earlier: MedicationRequest = {
      ...amoxicillin(),
      id: 'm0',
      intent: 'order',
      authoredOn: '2026-12-01',
    };
    const dx: Resource = {
      resourceType: 'Condition',
      id: 'c0',
      subject: { reference: 'Patient/p1' },
      recordedDate: '2026-12-01',
      code: { coding: [{ system: ICD10CM, code: 'J06.9' }] },
    } as Resource;
    // The record alone fires R7 (m0); a proposed imaging order is not what that prompt is about.
    const imaging: ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'proposal',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: CPT, code: '72148' }] },
    };
    expect(proposalPrompts([patient, earlier, dx], imaging, ctx, codes)).toEqual([]);
    expect(rules([patient, earlier, dx], amoxicillin())).toEqual(['R7']);
  });
});
