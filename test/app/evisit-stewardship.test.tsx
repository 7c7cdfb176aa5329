/**
 * Stewardship inline in the e-visit reply (issue 11) against a FHIR server stand-in (msw) through
 * the real fhirclient and the app's record loader: the order the clinician intends raises R7 / R6,
 * the decision is written once into the shared care plan, and the review screen is told each
 * change once — no render loop after a decline (a previous attempt hung there).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Bundle, BundleEntry, CarePlan, Condition, FhirResource, Patient, Task } from 'fhir/r4';
import FHIR from 'fhirclient';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Profiler, useState } from 'react';
import { I18nextProvider } from '../../src/i18n/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildDiagnosis,
  buildProposal,
  DIAGNOSES,
  IMAGING,
  type PlanKind,
  type ReplyInput,
} from '../../src/core/evisit/reply';
import { VALUE_CARE_RULE_SYSTEM } from '../../src/core/prompts/decline';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import { OrderStewardship, type StewardshipState } from '../../src/evisit/clinician/OrderStewardship';
import { createI18n } from '../../src/i18n';
import { fhirRequester } from '../../src/platform/requester';
import type { Session } from '../../src/platform/session';
import { useRecord } from '../../src/ui/useRecord';

const BASE = 'https://ehr.example.org/fhir';
const PID = 'p1';
const TODAY = new Date('2026-12-01T12:00:00');

interface Logged {
  method: string;
  path: string;
  body?: FhirResource;
}

/** Reads (the record batch, searches) and conditional creates / If-Match updates, logged. */
function fhirServer() {
  const store = new Map<string, FhirResource>();
  const log: Logged[] = [];
  let seq = 0;
  const all = (type: string) => [...store.values()].filter((r) => r.resourceType === type);
  const searchset = (type: string): Bundle => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: all(type).map((resource) => ({ resource })),
  });
  const save = (r: FhirResource, version: number) => {
    const saved = { ...r, meta: { versionId: String(version), lastUpdated: '2026-12-01T12:00:00Z' } };
    store.set(`${r.resourceType}/${r.id ?? ''}`, saved);
    return saved;
  };
  const handlers = [
    http.post(BASE, async ({ request }) => {
      const bundle = (await request.json()) as Bundle;
      const entry: BundleEntry[] = (bundle.entry ?? []).map((e) => {
        const url = e.request?.url ?? '';
        const found = store.get(url);
        return { resource: found ?? searchset(url.split('?')[0] ?? ''), response: { status: '200' } };
      });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'batch-response', entry });
    }),
    http.post(`${BASE}/:type`, async ({ request, params }) => {
      const body = (await request.json()) as FhirResource;
      log.push({ method: 'POST', path: String(params.type), body });
      return HttpResponse.json(save({ ...body, id: `new-${++seq}` }, 1), { status: 201 });
    }),
    http.put(`${BASE}/:type/:id`, async ({ request, params }) => {
      const body = (await request.json()) as FhirResource;
      const path = `${String(params.type)}/${String(params.id)}`;
      log.push({ method: 'PUT', path, body });
      const current = store.get(path);
      if (!current) return HttpResponse.json({}, { status: 404 });
      if (request.headers.get('if-match') !== `W/"${current.meta?.versionId ?? ''}"`)
        return HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 412 });
      return HttpResponse.json(save(body, Number(current.meta?.versionId) + 1));
    }),
    http.get(`${BASE}/:type`, ({ params }) => HttpResponse.json(searchset(String(params.type)))),
    http.get(`${BASE}/:type/:id`, ({ params }) => {
      const r = store.get(`${String(params.type)}/${String(params.id)}`);
      return r ? HttpResponse.json(r) : HttpResponse.json({}, { status: 404 });
    }),
  ];
  return {
    handlers,
    log,
    seed: (r: FhirResource) => save(r, 1),
    writes: (type: string) => log.filter((l) => l.path.split('/')[0] === type),
  };
}

const server = setupServer();
let fhir: ReturnType<typeof fhirServer>;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fhir = fhirServer();
  server.use(...fhir.handlers);
  fhir.seed({
    resourceType: 'Patient',
    id: PID,
    name: [{ given: ['Ana'], family: 'Rivera' }],
    birthDate: '1985-04-02',
    gender: 'female',
  } satisfies Patient);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function clinicianSession(): Session {
  const client = FHIR.client({ serverUrl: BASE, tokenResponse: { access_token: 'at', patient: PID } });
  const access = grantedAccess('patient/*.cruds', '');
  return {
    client,
    iss: BASE,
    kind: 'ehr',
    role: 'clinician',
    patientId: PID,
    fhirUser: 'Practitioner/dr-1',
    access,
    write: writeAccess(access),
    needBanner: true,
    fhir: fhirRequester(client),
  };
}

const task: Task & { id: string } = {
  resourceType: 'Task',
  id: 't1',
  status: 'requested',
  intent: 'order',
  for: { reference: `Patient/${PID}` },
  authoredOn: '2026-12-01T08:00:00Z',
};
const ident = (n: number) => ({
  system: 'urn:ietf:rfc:3986',
  value: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
});

function reply(kind: 'uri' | 'lbp', plan: PlanKind, over: Partial<ReplyInput> = {}): ReplyInput {
  return {
    kind,
    task,
    patientId: PID,
    practitioner: { reference: 'Practitioner/dr-1' },
    diagnosis: DIAGNOSES[kind][0]!,
    plan,
    minutes: 8,
    message: 'Reply',
    language: 'en',
    ids: { encounter: ident(1), condition: ident(2), order: ident(3), communication: ident(4) },
    now: '2026-12-01T10:00:00Z',
    ...over,
  };
}

const ENC = { reference: 'Encounter/proposed' };

/**
 * The review screen as task A's will use the component: it keeps the state it is told, so each
 * change re-renders it, and it builds the proposal (a new object with the same content) and an
 * inline callback on every render — what made the earlier attempt loop.
 */
function Review({
  input,
  seen,
  renders,
}: {
  input: ReplyInput;
  seen: StewardshipState[];
  renders: { count: number };
}) {
  const [session] = useState(clinicianSession);
  const { panels, retry, replace, expire } = useRecord(session);
  const [state, setState] = useState<StewardshipState>();
  const diagnosis: Condition = buildDiagnosis(input, ENC);
  return (
    <Profiler id="stewardship" onRender={() => renders.count++}>
      <OrderStewardship
        record={{ session, panels, today: TODAY, retry, replace, expire }}
        proposal={buildProposal(input, ENC)}
        diagnosis={diagnosis}
        onStateChange={(s) => {
          seen.push(s);
          setState(s);
        }}
      />
      <p data-testid="told">{state?.kind ?? 'nothing yet'}</p>
    </Profiler>
  );
}

function open(input: ReplyInput) {
  const seen: StewardshipState[] = [];
  const renders = { count: 0 };
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <Review input={input} seen={seen} renders={renders} />
    </I18nextProvider>,
  );
  return { seen, renders };
}

const card = (rule: string) =>
  waitFor(() => {
    const found = document.querySelector<HTMLElement>(`article[data-rule="${rule}"]`);
    expect(found).not.toBeNull();
    return found as HTMLElement;
  });

/** Renders stop: nothing keeps re-rendering once the screen has settled. */
async function settles(renders: { count: number }) {
  const before = renders.count;
  await new Promise((r) => setTimeout(r, 300));
  expect(renders.count).toBe(before);
}

const planActivities = () =>
  fhir
    .writes('CarePlan')
    .flatMap((w) => (w.body as CarePlan).activity ?? [])
    .filter((a) => a.detail?.code?.coding?.some((c) => c.system === VALUE_CARE_RULE_SYSTEM));

describe('stewardship inline in the e-visit reply', () => {
  it('amoxicillin for a URI shows R7; a decline with a reason is recorded once and the state settles', async () => {
    const user = userEvent.setup();
    const { seen, renders } = open(reply('uri', 'antibiotic'));
    const r7 = await card('R7');
    expect(within(r7).getByRole('heading', { level: 4 })).toHaveTextContent(/Antibiotic for a cold/);
    expect(screen.getByTestId('told')).toHaveTextContent('pending');
    // Why: the diagnosis and the order the reply has not written yet, named, not "not held".
    const why = within(r7).getByRole('group');
    expect(why).toHaveTextContent('Acute upper respiratory infection, unspecified');
    expect(why).toHaveTextContent('amoxicillin 500 MG Oral Capsule');
    expect(why).not.toHaveTextContent('does not hold');

    await user.click(within(r7).getByRole('button', { name: 'Decline…' }));
    await user.click(within(r7).getByRole('radio', { name: 'Clinical reason (see note)' }));
    await user.type(
      within(r7).getByRole('textbox', { name: 'Note (optional)' }),
      'Penicillin-allergy history checked; exam suggests otitis',
    );
    await user.click(within(r7).getByRole('button', { name: 'Record the decline' }));

    await waitFor(() => expect(screen.getByTestId('told')).toHaveTextContent('declined'));
    // The card stays, saying what was decided, although the decline now silences R7 in the record.
    const decided = await card('R7');
    expect(decided).toHaveAttribute('data-decision', 'declined');
    expect(within(decided).getByRole('status')).toHaveTextContent(
      'Declined for this e-visit. Reason: Clinical reason (see note).',
    );
    expect(decided).toHaveTextContent('exam suggests otitis');
    expect(decided).toHaveTextContent('Saved in the shared care plan.');
    expect(within(decided).queryByRole('button', { name: 'Decline…' })).not.toBeInTheDocument();
    await settles(renders);
    expect(seen).toEqual([
      { kind: 'pending' },
      {
        kind: 'declined',
        reasonCode: 'clinical-reason',
        note: 'Penicillin-allergy history checked; exam suggests otitis',
      },
    ]);
    expect(fhir.writes('CarePlan')).toHaveLength(1);
    const [decline] = planActivities();
    // Declined as the workspace declines: the rule's activity, cancelled, with the reason.
    expect(decline?.detail).toMatchObject({
      status: 'cancelled',
      code: { coding: [expect.objectContaining({ system: VALUE_CARE_RULE_SYSTEM, code: 'R7' })] },
    });
    expect(JSON.stringify(decline)).toContain('exam suggests otitis');
  });

  it('accepting the R7 prompt tells the review screen accepted; the decision can be changed', async () => {
    const user = userEvent.setup();
    const { seen, renders } = open(reply('uri', 'antibiotic'));
    const r7 = await card('R7');
    await user.click(within(r7).getByRole('button', { name: /^Agree: No antibiotic/ }));
    await waitFor(() => expect(screen.getByTestId('told')).toHaveTextContent('accepted'));
    expect(within(await card('R7')).getByRole('status')).toHaveTextContent(
      'Agreed for this e-visit: No antibiotic for this infection.',
    );
    await settles(renders);
    expect(seen).toEqual([{ kind: 'pending' }, { kind: 'accepted' }]);
    expect(fhir.writes('CarePlan')).toHaveLength(1);

    // The clinician changes their mind: the card opens again and the new decision replaces the old.
    await user.click(screen.getByRole('button', { name: 'Change the decision' }));
    const again = await card('R7');
    await user.click(within(again).getByRole('button', { name: 'Decline…' }));
    await user.click(within(again).getByRole('radio', { name: 'Patient declined after discussion' }));
    await user.click(within(again).getByRole('button', { name: 'Record the decline' }));
    await waitFor(() => expect(screen.getByTestId('told')).toHaveTextContent('declined'));
    await settles(renders);
    expect(seen.at(-1)).toEqual({ kind: 'declined', reasonCode: 'patient-declined' });
    expect(fhir.writes('CarePlan')).toHaveLength(2);
  });

  it('a self-care plan proposes no order: nothing to check, state none', async () => {
    const { seen, renders } = open(reply('uri', 'self-care'));
    await waitFor(() => expect(screen.getByTestId('told')).toHaveTextContent('none'));
    await settles(renders);
    expect(seen).toEqual([{ kind: 'none' }]);
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(document.querySelector('article')).toBeNull();
  });

  it('an order no stewardship rule is about says so and is none', async () => {
    // A lumbar X-ray for a cold: R6 needs back pain, R7 an antibiotic.
    open(reply('uri', 'imaging', { imaging: IMAGING[0] }));
    expect(await screen.findByText('No care check applies to this order.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('told')).toHaveTextContent('none'));
  });

  it('a lumbar MRI for new low back pain shows R6', async () => {
    const { seen } = open(reply('lbp', 'imaging', { imaging: IMAGING[1] }));
    const r6 = await card('R6');
    expect(within(r6).getByRole('heading', { level: 4 })).toHaveTextContent(/Lumbar imaging for back pain/);
    expect(seen).toEqual([{ kind: 'pending' }]);
  });
});
