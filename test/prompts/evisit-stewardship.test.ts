import type { Patient, Resource, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { nodeCodeSets } from '../../src/cli/prompts';
import {
  buildDiagnosis,
  buildEvisitEncounter,
  buildProposal,
  buildReply,
  completeTask,
  DIAGNOSES,
  evisitCpt,
  IMAGING,
  stewardshipPrompts,
  type ReplyInput,
} from '../../src/core/evisit/reply';

const id = (n: number) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
});
const patient: Patient = { resourceType: 'Patient', id: 'p1', birthDate: '1980-03-02', gender: 'female' };
const task: Task & { id: string } = {
  resourceType: 'Task',
  id: 't1',
  status: 'requested',
  intent: 'order',
  for: { reference: 'Patient/p1' },
  focus: { reference: 'QuestionnaireResponse/qr1' },
  authoredOn: '2026-12-01T08:00:00Z',
};

function input(over: Partial<ReplyInput>): ReplyInput {
  return {
    kind: 'uri',
    task,
    patientId: 'p1',
    practitioner: { reference: 'Practitioner/dr', display: 'Dr. Lee' },
    diagnosis: DIAGNOSES.uri[0]!,
    plan: 'self-care',
    minutes: 8,
    message: 'Rest and drink fluids.',
    language: 'es',
    ids: { encounter: id(1), condition: id(2), order: id(3), communication: id(4) },
    now: '2026-12-01T10:00:00Z',
    ...over,
  };
}

const codes = nodeCodeSets();
const rules = (record: Resource[], i: ReplyInput) => stewardshipPrompts(record, i, codes).map((p) => p.rule);

describe('stewardship inline in the e-visit reply', () => {
  it('an antibiotic for a URI raises R7; self-care raises nothing', () => {
    expect(rules([patient], input({ plan: 'antibiotic' }))).toEqual(['R7']);
    expect(rules([patient], input({ plan: 'self-care' }))).toEqual([]);
  });

  it('imaging for new low back pain raises R6, unless the e-visit found a red flag', () => {
    const lbp = input({ kind: 'lbp', diagnosis: DIAGNOSES.lbp[0]!, plan: 'imaging', imaging: IMAGING[1] });
    expect(rules([patient], lbp)).toEqual(['R6']);
    const flag: Resource = {
      resourceType: 'Observation',
      id: 'f1',
      status: 'final',
      code: {
        coding: [{ system: 'https://common-ground.example/fhir/CodeSystem/evisit-red-flag', code: 'lbp-5' }],
      },
      valueBoolean: true,
      effectiveDateTime: '2026-12-01T08:00:00Z',
    } as Resource;
    expect(rules([patient, flag], lbp)).toEqual([]);
  });
});

describe('what the reply writes', () => {
  it('the Encounter is virtual with the CPT code the time earns', () => {
    expect(buildEvisitEncounter(input({ minutes: 8 }))).toMatchObject({
      class: { code: 'VR' },
      type: [{ coding: [{ code: '99421' }] }],
    });
    expect(evisitCpt(15)?.code).toBe('99422');
    expect(evisitCpt(21)?.code).toBe('99423');
    expect(evisitCpt(4)).toBeUndefined();
  });

  it('diagnosis, proposal, message and the completed Task', () => {
    const enc = { reference: 'Encounter/e1' };
    const i = input({ plan: 'antibiotic' });
    expect(buildDiagnosis(i, enc)).toMatchObject({
      category: [{ coding: [{ code: 'encounter-diagnosis' }] }],
      code: { coding: [{ code: 'J06.9' }] },
      encounter: enc,
    });
    expect(buildProposal(i, enc)).toMatchObject({ resourceType: 'MedicationRequest', intent: 'proposal' });
    expect(buildProposal(input({ plan: 'book-visit' }), enc)).toBeUndefined();
    const reply = buildReply(i, enc);
    expect(reply).toMatchObject({
      status: 'completed',
      basedOn: [{ reference: 'Task/t1' }],
      recipient: [{ reference: 'Patient/p1' }],
      language: 'es',
      payload: [{ contentString: 'Rest and drink fluids.' }],
    });
    expect(
      completeTask({ ...task, owner: { reference: 'Organization/clinic' } }, i, {
        communication: { reference: 'Communication/c1' },
        encounter: enc,
      }),
    ).toMatchObject({
      status: 'completed',
      businessStatus: { coding: [{ code: 'antibiotic' }] },
      // Whoever answered owns the closed Task, even when the practice owned it while it waited.
      owner: i.practitioner,
      output: [{ valueReference: { reference: 'Communication/c1' } }, {}],
    });
  });
});
