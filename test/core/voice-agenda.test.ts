import type { QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  AGENDA_CANONICAL,
  agendaItems,
  checkOff,
  keepMyAgenda,
  newAgendaItem,
  newAgendaResponse,
  updateAgendaResponse,
} from '../../src/core/voice/agenda';

const ctx = {
  patientId: 'p1',
  identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
  authored: '2026-11-25T10:00:00Z',
};

let n = 0;
const newId = () => `item-${++n}`;

function saved(qr: QuestionnaireResponse, version: string): QuestionnaireResponse {
  return { ...qr, id: 'qr1', meta: { versionId: version } };
}

/** An agenda written before items had ids (or by another app). */
const legacy: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  id: 'qr1',
  meta: { versionId: '1' },
  questionnaire: AGENDA_CANONICAL,
  status: 'in-progress',
  subject: { reference: 'Patient/p1' },
  item: [
    { linkId: 'concern', item: [{ linkId: 'concern.text', answer: [{ valueString: 'My feet tingle' }] }] },
    {
      linkId: 'concern',
      item: [{ linkId: 'concern.text', answer: [{ valueString: 'Can I stop a pill?' }] }],
    },
  ],
};

describe('agenda items have a stable id', () => {
  it('is minted when the item is created and kept when the patient rewords it', () => {
    const feet = { ...newAgendaItem(newId), text: 'My feet tingle' };
    const v1 = saved(newAgendaResponse([feet], ctx), '1');
    const [read] = agendaItems(v1);
    expect(read).toEqual({ id: feet.id, text: 'My feet tingle', addressed: false });
    const v2 = updateAgendaResponse(v1, [{ ...read!, text: 'My feet tingle at night' }], ctx.authored);
    expect(agendaItems(v2)).toEqual([{ id: feet.id, text: 'My feet tingle at night', addressed: false }]);
  });

  it('a legacy item without one is named by its place, the same on every read, and keeps it once saved', () => {
    const first = agendaItems(legacy);
    expect(first.map((i) => i.id)).toEqual(['concern-1', 'concern-2']);
    expect(agendaItems(structuredClone(legacy))).toEqual(first);
    // The patient removes the first item: the second keeps the name it was read under.
    const v2 = updateAgendaResponse(legacy, first.slice(1), ctx.authored);
    expect(agendaItems(v2)).toEqual([{ id: 'concern-2', text: 'Can I stop a pill?', addressed: false }]);
  });
});

describe('a check-off meets the item by id, never by its words', () => {
  const v1 = saved(
    newAgendaResponse(
      [
        { id: 'a', text: 'My feet tingle', addressed: false },
        { id: 'b', text: 'Can I stop a pill?', addressed: false },
      ],
      ctx,
    ),
    '1',
  );
  const [feet] = agendaItems(v1);

  it('on the version read, it is applied to that item and nothing else changes', () => {
    const done = checkOff(v1, feet!, true);
    expect(done.kind).toBe('applied');
    if (done.kind !== 'applied') return;
    expect(agendaItems(done.qr)).toEqual([
      { id: 'a', text: 'My feet tingle', addressed: true },
      { id: 'b', text: 'Can I stop a pill?', addressed: false },
    ]);
    expect({ ...done.qr, item: undefined }).toEqual({ ...v1, item: undefined });
  });

  it('when the patient reworded the item meanwhile, it is saved on the reworded item and says so', () => {
    const theirs = saved(
      updateAgendaResponse(
        v1,
        [
          { id: 'a', text: 'My feet tingle at night', addressed: false },
          { id: 'b', text: 'Can I stop a pill?', addressed: false },
        ],
        ctx.authored,
      ),
      '2',
    );
    const done = checkOff(theirs, feet!, true);
    expect(done).toMatchObject({
      kind: 'reworded',
      was: 'My feet tingle',
      item: { id: 'a', text: 'My feet tingle at night', addressed: true },
    });
    if (done.kind !== 'reworded') return;
    expect(agendaItems(done.qr).map((i) => i.addressed)).toEqual([true, false]);
    expect(done.qr.meta?.versionId).toBe('2');
  });

  it('when the patient removed the item meanwhile, nothing is saved and it says so', () => {
    const theirs = saved(updateAgendaResponse(v1, agendaItems(v1).slice(1), ctx.authored), '2');
    expect(checkOff(theirs, feet!, true)).toEqual({ kind: 'removed' });
  });

  it('when a colleague already checked it off, there is nothing to save', () => {
    const theirs = saved(
      updateAgendaResponse(v1, [{ ...feet!, addressed: true }, agendaItems(v1)[1]!], ctx.authored),
      '2',
    );
    expect(checkOff(theirs, feet!, true).kind).toBe('already');
  });

  it('on a legacy agenda, the item keeps its place name, and every item is written with its id', () => {
    const [, pill] = agendaItems(legacy);
    const done = checkOff(legacy, pill!, true);
    if (done.kind !== 'applied') throw new Error(done.kind);
    expect(done.qr.item?.map((g) => g.id)).toEqual(['concern-1', 'concern-2']);
    expect(agendaItems(done.qr)[1]).toEqual({ id: 'concern-2', text: 'Can I stop a pill?', addressed: true });
  });

  it('"keep my list" after a 412 keeps the clinician’s check-off on the item the patient reworded', () => {
    const theirs = saved(
      updateAgendaResponse(v1, [{ ...feet!, addressed: true }, agendaItems(v1)[1]!], ctx.authored),
      '2',
    );
    const mine = [{ id: 'a', text: 'My feet tingle at night', addressed: false }];
    expect(agendaItems(keepMyAgenda(theirs, mine, ctx.authored))).toEqual([
      { id: 'a', text: 'My feet tingle at night', addressed: true },
    ]);
  });
});
