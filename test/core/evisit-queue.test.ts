import type {
  AllergyIntolerance,
  Condition,
  MedicationRequest,
  Patient,
  QuestionnaireResponse,
  Task,
} from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_MAX_IDS,
  FOLLOW_UP_MAX_LENGTH,
  QUEUE_TASK_QUERY,
  queueEntries,
  queueFollowUps,
} from '../../src/core/evisit/queue';
import { holderOf } from '../../src/core/evisit/reply';
import { relevantHistory } from '../../src/core/evisit/summary';

const TASK = 'https://common-ground.example/fhir/CodeSystem/evisit-task';
const ROUTE = 'https://common-ground.example/fhir/CodeSystem/evisit-route';

function task(id: string, patient: string, authoredOn: string, extra: Partial<Task> = {}): Task {
  return {
    resourceType: 'Task',
    id,
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: TASK, code: 'uri' }] },
    for: { reference: `Patient/${patient}` },
    focus: { reference: `QuestionnaireResponse/qr-${id}` },
    authoredOn,
    reasonCode: { coding: [{ system: ROUTE, code: 'async-ok' }] },
    ...extra,
  };
}

describe('the e-visit review queue', () => {
  const tasks = [
    task('t-new', 'p-rosa', '2026-12-02T09:00:00Z', { code: { coding: [{ system: TASK, code: 'lbp' }] } }),
    task('t-old', 'p-theo', '2026-12-01T08:00:00Z', {
      status: 'in-progress',
      reasonCode: { coding: [{ system: ROUTE, code: 'clinician-review' }] },
    }),
    task('t-done', 'p-theo', '2026-11-30T08:00:00Z', { status: 'completed' }),
    task('t-other', 'p-theo', '2026-11-29T08:00:00Z', { code: { text: 'Call back' } }),
  ];
  const patients: Patient[] = [
    { resourceType: 'Patient', id: 'p-theo', name: [{ given: ['Theo'], family: 'Park' }] },
    { resourceType: 'Patient', id: 'p-rosa', name: [{ given: ['Rosa'], family: 'Díaz' }] },
  ];
  const responses: QuestionnaireResponse[] = [
    { resourceType: 'QuestionnaireResponse', id: 'qr-t-old', status: 'completed' },
  ];

  it('asks for the open review Tasks oldest first, then their patients and answers', () => {
    expect(QUEUE_TASK_QUERY).toBe(
      'Task?status=requested,received,ready,accepted,in-progress,on-hold&_sort=authored-on&_count=200',
    );
    expect(queueFollowUps(tasks)).toEqual({
      patients: ['Patient?_id=p-rosa,p-theo&_count=2'],
      responses: ['QuestionnaireResponse?_id=qr-t-new,qr-t-old&_count=2'],
    });
    expect(queueFollowUps([])).toEqual({ patients: [], responses: [] });
  });

  it('lists an e-visit in every status the reply screen treats as open, and none it treats as closed', () => {
    const statuses: Task['status'][] = [
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'ready',
      'cancelled',
      'in-progress',
      'on-hold',
      'failed',
      'completed',
      'entered-in-error',
    ];
    for (const status of statuses) {
      const t = task(`t-${status}`, 'p-theo', '2026-12-01T08:00:00Z', { status });
      const listed = queueEntries([t], patients, []).length === 1;
      expect(listed, status).toBe(holderOf(t, undefined).kind !== 'closed');
      expect(QUEUE_TASK_QUERY.split('&')[0]!.split('=')[1]!.split(',').includes(status), status).toBe(listed);
    }
  });

  it('splits the follow-ups of a queue read to its page cap so every URL stays short', () => {
    // The later patients' ids are at FHIR's 64-character limit, so the length bound has to hold too.
    const patientOf = (n: number) => (n < 1500 ? `p${n}` : `p${n}-`.padEnd(64, 'x'));
    const many = Array.from({ length: 2500 }, (_, n) => task(`t${n}`, patientOf(n), '2026-12-01T08:00:00Z'));
    const follow = queueFollowUps(many);
    for (const [type, urls, expected] of [
      ['Patient', follow.patients, many.map((_, n) => patientOf(n))],
      ['QuestionnaireResponse', follow.responses, many.map((t) => `qr-${t.id ?? ''}`)],
    ] as const) {
      const chunks = urls.map((url) => {
        const m = new RegExp(`^${type}\\?_id=([^&]+)&_count=(\\d+)$`).exec(url);
        expect(m, url).not.toBeNull();
        const ids = (m?.[1] ?? '').split(',').map(decodeURIComponent);
        expect(ids.length).toBeLessThanOrEqual(FOLLOW_UP_MAX_IDS);
        expect(url.length).toBeLessThanOrEqual(FOLLOW_UP_MAX_LENGTH);
        // Each chunk's answer fits on one page.
        expect(Number(m?.[2])).toBe(ids.length);
        return ids;
      });
      expect(chunks.flat()).toEqual(expected);
      expect(Math.max(...chunks.map((c) => c.length))).toBe(FOLLOW_UP_MAX_IDS);
    }
    // Where the ids are long, the length bound cut the chunks (not only the last) well before 100 ids.
    expect(Math.min(...follow.patients.slice(0, -1).map((u) => u.split(',').length))).toBeLessThan(40);
  });

  it('lists open e-visits only, oldest first, with name, kind, route and answers', () => {
    const q = queueEntries(tasks, patients, responses);
    expect(q.map((e) => [e.task.id, e.kind, e.name, e.route, e.response?.id])).toEqual([
      ['t-old', 'uri', 'Theo Park', 'clinician-review', 'qr-t-old'],
      ['t-new', 'lbp', 'Rosa Díaz', 'async-ok', undefined],
    ]);
  });

  it('keeps an e-visit whose patient could not be read, without a name', () => {
    const q = queueEntries(tasks, [], []);
    expect(q.map((e) => [e.patientId, e.name])).toEqual([
      ['p-theo', undefined],
      ['p-rosa', undefined],
    ]);
  });
});

describe('the history the reply needs', () => {
  it('current problems, medicines taken and allergies with their reactions', () => {
    const cond = (id: string, text: string, status: string, category = 'problem-list-item'): Condition => ({
      resourceType: 'Condition',
      id,
      code: { text },
      subject: { reference: 'Patient/p' },
      clinicalStatus: { coding: [{ code: status }] },
      category: [{ coding: [{ code: category }] }],
    });
    const med = (text: string, status: MedicationRequest['status'], intent: MedicationRequest['intent']) =>
      ({
        resourceType: 'MedicationRequest',
        status,
        intent,
        subject: { reference: 'Patient/p' },
        medicationCodeableConcept: { text },
      }) as MedicationRequest;
    const allergy: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/p' },
      code: { text: 'Penicillin' },
      reaction: [{ manifestation: [{ text: 'hives' }] }],
    };
    expect(
      relevantHistory({
        conditions: [
          cond('c1', 'Asthma', 'active'),
          cond('c2', 'Sprained ankle', 'resolved'),
          cond('c3', 'Acute bronchitis', 'active', 'encounter-diagnosis'),
        ],
        medicationRequests: [
          med('Albuterol inhaler', 'active', 'order'),
          med('Amoxicillin', 'active', 'proposal'),
          med('Lisinopril', 'stopped', 'order'),
        ],
        medicationStatements: [],
        allergies: [
          allergy,
          {
            ...allergy,
            code: { text: 'Latex' },
            reaction: [],
            verificationStatus: { coding: [{ code: 'refuted' }] },
          },
        ],
      }),
    ).toEqual({ problems: ['Asthma'], medicines: ['Albuterol inhaler'], allergies: ['Penicillin (hives)'] });
  });
});
