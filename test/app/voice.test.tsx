/**
 * The patient's voice screens against a FHIR server stand-in (msw) through the real fhirclient:
 * what each action writes, drafts across reloads, retries without duplicates, 412s, expiry.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Bundle, BundleEntry, FhirResource, Goal, Identifier, QuestionnaireResponse } from 'fhir/r4';
import FHIR from 'fhirclient';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { I18nextProvider } from '../../src/i18n/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fhirRequester } from '../../src/platform/requester';
import type { Session } from '../../src/platform/session';
import { AGENDA_CANONICAL, agendaItems } from '../../src/core/voice/agenda';
import { newPriorityGoal } from '../../src/core/voice/mapping';
import { readPriorities } from '../../src/core/voice/priorities';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import { createI18n } from '../../src/i18n';
import { RecordScreen } from '../../src/app/RecordScreen';
import { addActivity, buildSharedPlan } from '../../src/core/plan';
import { buildDeclineActivity } from '../../src/core/prompts/decline';
import { overrideReason } from '../../src/core/prompts/cards';
import {
  CG_WHAT_MATTERS_EXAMPLE,
  PCO_CONCEPTS,
  PRIORITY_RANK_EXT,
  URN_SYSTEM,
} from '../../src/core/fhir/vocabulary';

const BASE = 'https://ehr.example.org/fhir';
const PID = 'p1';
const HOSTILE = `<img src=x onerror="window.pwned=1"><b>bold</b> ‏مرض السكري‏ שלום 🫀👩🏽‍⚕️`;

interface Logged {
  method: string;
  path: string;
  ifMatch: string | null;
  ifNoneExist: string | null;
  body?: FhirResource;
}

/** A small FHIR server: conditional create, If-Match, batch reads, and injectable faults. */
function fhirServer() {
  const store = new Map<string, FhirResource>();
  const log: Logged[] = [];
  const faults = {
    /** The next N requests answer 503 without doing anything. */
    failNext: 0,
    /** The next N writes are applied, then answered 503 (the answer was lost on the way back). */
    landThenFail: 0,
    /** Every request answers 401. */
    expired: false,
    /** A server without conditional create: If-None-Exist is not looked at, nor declared. */
    noConditionalCreate: false,
  };
  let seq = 0;
  const key = (r: FhirResource) => `${r.resourceType}/${r.id ?? ''}`;
  const put = (r: FhirResource, version: number): FhirResource => {
    const saved = {
      ...r,
      meta: {
        ...r.meta,
        versionId: String(version),
        lastUpdated: new Date(Date.now() + version).toISOString(),
      },
    };
    store.set(key(saved), saved);
    return saved;
  };
  const all = (type: string) => [...store.values()].filter((r) => r.resourceType === type);
  const identifierOf = (r: FhirResource): Identifier[] => {
    const ids = (r as { identifier?: Identifier | Identifier[] }).identifier;
    return Array.isArray(ids) ? ids : ids ? [ids] : [];
  };
  const search = (url: string): Bundle => {
    const type = url.split('?')[0] ?? '';
    return { resourceType: 'Bundle', type: 'searchset', entry: all(type).map((resource) => ({ resource })) };
  };
  const fault = () => {
    if (faults.expired) return HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 401 });
    if (faults.failNext > 0) {
      faults.failNext--;
      return HttpResponse.json(
        {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'transient', diagnostics: 'Server busy (injected)' }],
        },
        { status: 503 },
      );
    }
    return undefined;
  };
  const handlers = [
    http.post(BASE, async ({ request }) => {
      const f = fault();
      if (f) return f;
      const bundle = (await request.json()) as Bundle;
      const entry: BundleEntry[] = (bundle.entry ?? []).map((e) => {
        const url = e.request?.url ?? '';
        if (url.startsWith('Patient/')) {
          return {
            resource: { resourceType: 'Patient', id: PID, name: [{ given: ['Ana'], family: 'Rivera' }] },
            response: { status: '200' },
          };
        }
        return { resource: search(url), response: { status: '200' } };
      });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'batch-response', entry });
    }),
    http.post(`${BASE}/:type`, async ({ request, params }) => {
      const body = (await request.json()) as FhirResource;
      log.push({
        method: 'POST',
        path: String(params.type),
        ifMatch: null,
        ifNoneExist: request.headers.get('if-none-exist'),
        body,
      });
      const f = fault();
      if (f) return f;
      const cond = faults.noConditionalCreate
        ? undefined
        : decodeURIComponent(request.headers.get('if-none-exist')?.replace(/^identifier=/, '') ?? '');
      const existing = all(String(params.type)).find((r) =>
        identifierOf(r).some((i) => `${i.system}|${i.value}` === cond),
      );
      if (existing) return HttpResponse.json(existing, { status: 200 });
      const saved = put({ ...body, id: `${String(params.type).toLowerCase()}-${++seq}` }, 1);
      if (faults.landThenFail > 0) {
        faults.landThenFail--;
        return HttpResponse.json({ resourceType: 'OperationOutcome' }, { status: 502 });
      }
      return HttpResponse.json(saved, { status: 201 });
    }),
    http.put(`${BASE}/:type/:id`, async ({ request, params }) => {
      const body = (await request.json()) as FhirResource;
      log.push({
        method: 'PUT',
        path: `${String(params.type)}/${String(params.id)}`,
        ifMatch: request.headers.get('if-match'),
        ifNoneExist: null,
        body,
      });
      const f = fault();
      if (f) return f;
      const current = store.get(`${String(params.type)}/${String(params.id)}`);
      if (!current) return HttpResponse.json({}, { status: 404 });
      if (request.headers.get('if-match') !== `W/"${current.meta?.versionId ?? ''}"`) {
        return HttpResponse.json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'conflict', diagnostics: 'Version mismatch' }],
          },
          { status: 412 },
        );
      }
      return HttpResponse.json(put(body, Number(current.meta?.versionId ?? 0) + 1));
    }),
    // It honours If-None-Exist, and says so, as a real server's CapabilityStatement does.
    http.get(`${BASE}/metadata`, () =>
      HttpResponse.json({
        resourceType: 'CapabilityStatement',
        status: 'active',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
        rest: [
          {
            mode: 'server',
            resource: ['Goal', 'QuestionnaireResponse', 'CarePlan', 'Observation'].map((type) => ({
              type,
              conditionalCreate: !faults.noConditionalCreate,
            })),
          },
        ],
      }),
    ),
    http.get(`${BASE}/:type`, ({ request, params }) => {
      const wanted = new URL(request.url).searchParams.get('identifier');
      if (!wanted) return undefined;
      const f = fault();
      if (f) return f;
      log.push({
        method: 'GET',
        path: `${String(params.type)}?identifier`,
        ifMatch: null,
        ifNoneExist: null,
        body: undefined,
      });
      const entry = all(String(params.type))
        .filter((r) => identifierOf(r).some((i) => `${i.system}|${i.value}` === wanted))
        .map((resource) => ({ resource }));
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry });
    }),
    http.get(`${BASE}/:type/:id`, ({ params }) => {
      const f = fault();
      if (f) return f;
      const r = store.get(`${String(params.type)}/${String(params.id)}`);
      return r ? HttpResponse.json(r) : HttpResponse.json({}, { status: 404 });
    }),
  ];
  return {
    handlers,
    log,
    faults,
    store,
    all,
    /** Seeds a resource as if saved earlier. */
    seed<T extends FhirResource>(r: T): T {
      return put({ ...r, id: r.id ?? `seed-${++seq}` }, 1) as T;
    },
    /** Someone else saves a newer version. */
    bump<T extends FhirResource>(r: T, change: (r: T) => T): T {
      const current = store.get(key(r)) as T;
      return put(change(current), Number(current.meta?.versionId ?? 0) + 1) as T;
    },
  };
}

const server = setupServer();
let fhir: ReturnType<typeof fhirServer>;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fhir = fhirServer();
  server.use(...fhir.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function patientSession(scope = 'patient/*.cruds'): Session {
  const client = FHIR.client({ serverUrl: BASE, tokenResponse: { access_token: 'at', patient: PID } });
  const access = grantedAccess(scope, '');
  return {
    client,
    iss: BASE,
    kind: 'standalone-patient',
    role: 'patient',
    patientId: PID,
    fhirUser: `Patient/${PID}`,
    access,
    write: writeAccess(access),
    needBanner: true,
    fhir: fhirRequester(client),
  };
}

/** A page load: a fresh session reading the record, the draft store kept (localStorage). */
function launch(lang: 'en' | 'es' = 'en', scope?: string) {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <RecordScreen session={patientSession(scope)} today={new Date('2026-11-26T12:00:00')} />
    </I18nextProvider>,
  );
}

async function ready() {
  return screen.findByRole('heading', { name: 'Add what matters to me' }, { timeout: 5000 });
}

function addForm(title: string) {
  return screen.getByRole('form', { name: title });
}

const goals = () => fhir.all('Goal') as Goal[];
const posts = (type: string) => fhir.log.filter((l) => l.method === 'POST' && l.path === type);

describe('what matters to me', () => {
  it('saves a picked example as a coded Goal in the patient’s words, then shows it', async () => {
    const user = userEvent.setup();
    launch();
    await ready();
    const form = addForm('Add what matters to me');
    await user.click(within(form).getByRole('radio', { name: 'Something I want to be able to do' }));
    await user.click(within(form).getByRole('button', { name: 'Play with my grandchildren' }));
    expect(within(form).getByLabelText('In my own words')).toHaveValue('Play with my grandchildren');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');

    expect(posts('Goal')).toHaveLength(1);
    const sent = posts('Goal')[0]?.body as Goal;
    expect(sent).toMatchObject({
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      subject: { reference: `Patient/${PID}` },
      expressedBy: { reference: `Patient/${PID}` },
      startDate: '2026-11-26',
      description: {
        text: 'Play with my grandchildren',
        coding: [{ system: CG_WHAT_MATTERS_EXAMPLE, code: 'grandchildren' }],
      },
      extension: [{ url: PRIORITY_RANK_EXT, valueInteger: 1 }],
    });
    expect(sent.category?.[0]?.coding?.[0]).toMatchObject({ system: PCO_CONCEPTS, code: 'what-matters' });
    expect(sent.identifier?.[0]?.system).toBe(URN_SYSTEM);
    expect(posts('Goal')[0]?.ifNoneExist).toContain('identifier=');
    expect(within(screen.getByTestId('others')).getByText('Play with my grandchildren')).toBeInTheDocument();
    // The form is empty again and its draft is gone.
    expect(within(form).getByLabelText('In my own words')).toHaveValue('');
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cg.draft'))).toEqual([]);
  });

  it('saves nothing until the patient says what kind it is: care that is hard for them is never kept as helpful', async () => {
    const user = userEvent.setup();
    launch();
    await ready();
    const care = addForm("Add care I like or don't like");
    for (const kind of ['Care that helps me', 'Care that is hard for me'])
      expect(within(care).getByRole('radio', { name: kind })).not.toBeChecked();
    await user.type(within(care).getByLabelText('In my own words'), 'Three-hour drives to the clinic');
    await user.click(within(care).getByRole('button', { name: 'Save' }));
    expect(await within(care).findByRole('alert')).toHaveTextContent(
      'Please choose: is this care that helps you, or care that is hard for you?',
    );
    expect(posts('Goal')).toHaveLength(0);
    await user.click(within(care).getByRole('radio', { name: 'Care that is hard for me' }));
    await user.click(within(care).getByRole('button', { name: 'Save' }));
    await within(care).findByText('Saved.');
    const sent = posts('Goal')[0]?.body as Goal;
    expect(sent.description.text).toBe('Three-hour drives to the clinic');
    expect(JSON.stringify(sent)).toContain('care-burdensome');

    // A second item with no kind: the earlier "Saved." does not stand beside the question.
    await user.type(within(care).getByLabelText('In my own words'), 'Phone calls from the nurse');
    await user.click(within(care).getByRole('button', { name: 'Save' }));
    expect(await within(care).findByRole('alert')).toHaveTextContent('Please choose');
    expect(within(care).queryByText('Saved.')).toBeNull();
    expect(posts('Goal')).toHaveLength(1);

    // What matters: no kind chosen, and picking an example says its kind.
    const aims = addForm('Add what matters to me');
    for (const kind of ['What matters most in my life', 'Something I want to be able to do'])
      expect(within(aims).getByRole('radio', { name: kind })).not.toBeChecked();
    await user.click(within(aims).getByRole('button', { name: 'Play with my grandchildren' }));
    expect(within(aims).getByRole('radio', { name: 'Something I want to be able to do' })).toBeChecked();
  });

  it('stores and shows hostile, long, emoji and right-to-left words as text', async () => {
    const user = userEvent.setup();
    const { container } = launch();
    await ready();
    const form = addForm('Add what matters to me');
    const box = within(form).getByLabelText('In my own words');
    const long = `${HOSTILE} ${'a'.repeat(5000 - HOSTILE.length - 1)}`;
    // Pasting is how 5,000 characters arrive; typing them one by one is not needed to prove storage.
    await user.click(box);
    await user.paste(long);
    await user.click(within(form).getByRole('radio', { name: 'What matters most in my life' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    expect((posts('Goal')[0]?.body as Goal).description.text).toBe(long);
    expect(goals()[0]?.description.text).toBe(long);
    expect(await screen.findAllByText(long)).not.toHaveLength(0);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    // One more character is refused by the field itself.
    expect(box).toHaveAttribute('maxLength', '5000');
  });

  it('picks the one thing and reorders the others with buttons and the keyboard, announcing moves', async () => {
    const user = userEvent.setup();
    const g = (text: string, rank: number, n: number) =>
      fhir.seed(
        newPriorityGoal(
          { kind: 'outcome-goal', text, rank },
          {
            patientId: PID,
            today: '2026-11-01',
            identifier: { system: URN_SYSTEM, value: `urn:uuid:seed-${n}` },
          },
        ),
      );
    const walk = g('Walk to church', 1, 1);
    const garden = g('Work in my garden', 2, 2);
    const drive = g('Keep driving', 3, 3);
    launch();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Make this the one thing: Work in my garden' }));
    await waitFor(() => expect(readPriorities(goals(), PID).oneThing?.text).toBe('Work in my garden'));
    expect(within(screen.getByTestId('one-thing')).getByText('Work in my garden')).toBeInTheDocument();
    expect(screen.getByText('“Work in my garden” is now the one thing.')).toBeInTheDocument();
    const afterOne = readPriorities(goals(), PID);
    expect(afterOne.others.map((p) => p.text)).toEqual(['Walk to church', 'Keep driving']);
    // Only the two Goals whose place changed were written, each with If-Match on its version.
    expect(fhir.log.filter((l) => l.method === 'PUT').map((l) => [l.path, l.ifMatch])).toEqual([
      [`Goal/${garden.id}`, 'W/"1"'],
      [`Goal/${walk.id}`, 'W/"1"'],
    ]);

    // Keyboard only: focus "Move down: Walk to church" and press Enter.
    const down = screen.getByRole('button', { name: 'Move down: Walk to church' });
    down.focus();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(readPriorities(goals(), PID).others.map((p) => p.text)).toEqual([
        'Keep driving',
        'Walk to church',
      ]),
    );
    expect(screen.getByText('Moved “Walk to church” to number 2 of 2.')).toBeInTheDocument();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move down: Walk to church' }));
    const items = within(screen.getByTestId('others')).getAllByTestId('priority');
    expect(items.map((li) => li.querySelector('.words')?.textContent)).toEqual([
      'Keep driving',
      'Walk to church',
    ]);
    expect(goals().find((x) => x.id === drive.id)?.extension?.[0]?.valueInteger).toBe(2);
  });

  it('retires instead of deleting, after asking, and shows what was taken off', async () => {
    const user = userEvent.setup();
    fhir.seed(
      newPriorityGoal(
        { kind: 'value', text: 'My faith', rank: 1 },
        { patientId: PID, today: '2026-11-01', identifier: { system: URN_SYSTEM, value: 'urn:uuid:seed-9' } },
      ),
    );
    launch();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Remove: My faith' }));
    await user.click(screen.getByRole('button', { name: 'Yes, take it off' }));
    await waitFor(() => expect(goals()[0]?.lifecycleStatus).toBe('cancelled'));
    expect(fhir.store.size).toBe(1);
    const retired = await screen.findByTestId('retired');
    expect(retired).toHaveTextContent('Things you took off your list (1)');
    expect(retired).toHaveTextContent('My faith');
  });
});

describe('what matters, whoever wrote it (fidelity)', () => {
  it('a care preference is under care, never among the goals', async () => {
    fhir.seed(
      newPriorityGoal(
        { kind: 'care-burdensome', text: 'Taking more pills', preference: 'more-medications' },
        { patientId: PID, today: '2026-11-01', identifier: { system: URN_SYSTEM, value: 'urn:uuid:seed-7' } },
      ),
    );
    launch();
    await ready();
    expect(await screen.findByTestId('care-burdensome')).toHaveTextContent('Taking more pills');
    const goalsPanel = await screen.findByRole('region', { name: 'Your goals' });
    await within(goalsPanel).findByText('You have no goals in your record yet.');
    expect(goalsPanel).not.toHaveTextContent('Taking more pills');
  });

  it('shows priorities other apps recorded (a plain Goal, an Observation), read-only and saying so', async () => {
    fhir.seed({
      resourceType: 'Goal',
      id: 'other-app-goal',
      lifecycleStatus: 'proposed',
      description: { text: 'Swim in the lake this summer' },
      subject: { reference: `Patient/${PID}` },
      expressedBy: { reference: `Patient/${PID}` },
      startDate: '2026-09-01',
    });
    fhir.seed({
      resourceType: 'Observation',
      id: 'pref-1',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '81338-6' }] },
      subject: { reference: `Patient/${PID}` },
      effectiveDateTime: '2026-08-01',
      valueString: 'More blood tests are a burden to me',
    });
    launch();
    await ready();
    const matters = screen.getByRole('region', { name: 'What matters to me' });
    const swim = within(matters).getByText('Swim in the lake this summer').closest('li') as HTMLElement;
    expect(swim).toHaveTextContent("You added this in another app. You can't change it here.");
    expect(within(swim).queryByRole('button')).toBeNull();
    const care = screen.getByTestId('care-burdensome');
    const tests = within(care).getByText('More blood tests are a burden to me').closest('li') as HTMLElement;
    expect(tests).toHaveTextContent("This is in your health record. You can't change it here.");
    expect(within(tests).queryByRole('button')).toBeNull();
  });
});

describe('drafts and failed saves', () => {
  it('keeps what was typed across a reload, and clears it once saved', async () => {
    const user = userEvent.setup();
    const first = launch();
    await ready();
    await user.type(
      within(addForm('Add what matters to me')).getByLabelText('In my own words'),
      'Dance at the wedding',
    );
    await user.click(
      within(addForm('Add what matters to me')).getByRole('radio', {
        name: 'Something I want to be able to do',
      }),
    );
    first.unmount();

    launch();
    await ready();
    const form = addForm('Add what matters to me');
    expect(within(form).getByLabelText('In my own words')).toHaveValue('Dance at the wedding');
    expect(within(form).getByRole('radio', { name: 'Something I want to be able to do' })).toBeChecked();
    expect(within(form).getByTestId('draft-restored')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cg.draft'))).toEqual([]);
  });

  it('a 5xx says what happened and offers a retry; the retry does not duplicate', async () => {
    const user = userEvent.setup();
    launch();
    await ready();
    const form = addForm('Add what matters to me');
    await user.type(within(form).getByLabelText('In my own words'), 'Sleep through the night');
    await user.click(within(form).getByRole('radio', { name: 'Something I want to be able to do' }));
    fhir.faults.failNext = 3;
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const alert = await within(form).findByTestId('save-failed', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('We could not save this');
    expect(alert).toHaveTextContent('Server busy (injected)');
    expect(within(form).getByLabelText('In my own words')).toHaveValue('Sleep through the night');
    expect(goals()).toHaveLength(0);

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await within(form).findByText('Saved.');
    expect(goals()).toHaveLength(1);
    // Every attempt was the same conditional create.
    expect(new Set(posts('Goal').map((p) => p.ifNoneExist)).size).toBe(1);
    expect(posts('Goal')).toHaveLength(4);
  });

  it('a create that landed but whose answer was lost is found again, not repeated — even after a reload', async () => {
    const user = userEvent.setup();
    const first = launch();
    await ready();
    await user.type(
      within(addForm('Add what matters to me')).getByLabelText('In my own words'),
      'Keep my garden',
    );
    await user.click(
      within(addForm('Add what matters to me')).getByRole('radio', { name: 'What matters most in my life' }),
    );
    fhir.faults.landThenFail = 1;
    // The first attempt lands and its answer is lost (502); save()'s own retries then fail on the
    // network, so the screen ends on a failure with the Goal already on the server.
    let calls = 0;
    server.use(
      http.post(`${BASE}/Goal`, () => {
        calls++;
        return calls === 1 ? undefined : HttpResponse.error();
      }),
    );
    await user.click(within(addForm('Add what matters to me')).getByRole('button', { name: 'Save' }));
    await screen.findByTestId('save-failed', {}, { timeout: 5000 });
    expect(goals()).toHaveLength(1);
    first.unmount();

    // Relaunch: the draft (with its identifier) is back; saving finds the Goal that landed.
    server.resetHandlers(...fhir.handlers);
    launch();
    await ready();
    const form = addForm('Add what matters to me');
    expect(within(form).getByLabelText('In my own words')).toHaveValue('Keep my garden');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.');
    expect(goals()).toHaveLength(1);
  });

  it('on a server without conditional create, a create whose answer was lost is looked up before it is sent again', async () => {
    const user = userEvent.setup();
    fhir.faults.noConditionalCreate = true;
    launch();
    await ready();
    const form = addForm('Add what matters to me');
    await user.type(within(form).getByLabelText('In my own words'), 'Keep my garden');
    await user.click(within(form).getByRole('radio', { name: 'What matters most in my life' }));
    // The first attempt lands and its answer is lost (502); the retry finds it by its identifier.
    fhir.faults.landThenFail = 1;
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved.', {}, { timeout: 5000 });
    expect(goals()).toHaveLength(1);
    expect(fhir.log.filter((l) => l.method === 'POST' && l.path === 'Goal')).toHaveLength(1);
    expect(fhir.log.filter((l) => l.path === 'Goal?identifier').length).toBeGreaterThanOrEqual(2);
  });

  it('an expired session ends on the start-again page and keeps the draft for the next launch', async () => {
    const user = userEvent.setup();
    const first = launch();
    await ready();
    await user.type(
      within(addForm('Add what matters to me')).getByLabelText('In my own words'),
      'See my sister',
    );
    await user.click(
      within(addForm('Add what matters to me')).getByRole('radio', { name: 'What matters most in my life' }),
    );
    fhir.faults.expired = true;
    await user.click(within(addForm('Add what matters to me')).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
    first.unmount();
    // The tokens are gone with the session; the draft is not.
    expect(Object.keys(localStorage).some((k) => k.startsWith('cg.draft'))).toBe(true);
    fhir.faults.expired = false;
    launch();
    await ready();
    expect(within(addForm('Add what matters to me')).getByLabelText('In my own words')).toHaveValue(
      'See my sister',
    );
  });
});

describe('editing without overwriting a newer version', () => {
  it('on a 412 shows both versions; keeping mine saves on the newer version without losing its other changes', async () => {
    const user = userEvent.setup();
    const seeded = fhir.seed(
      newPriorityGoal(
        { kind: 'outcome-goal', text: 'Walk to church', rank: 1 },
        { patientId: PID, today: '2026-11-01', identifier: { system: URN_SYSTEM, value: 'urn:uuid:seed-5' } },
      ),
    );
    launch();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Change: Walk to church' }));
    const editor = screen.getByLabelText('Change what you wrote');
    await user.clear(editor);
    await user.type(editor, 'Walk to church every Sunday');
    // Meanwhile the clinician's app saves a newer version: new words and a note.
    fhir.bump(seeded, (g) => ({
      ...g,
      description: { text: 'Walk to church (with a cane)' },
      note: [{ text: 'Discussed at visit' }],
    }));
    await user.click(screen.getByRole('button', { name: 'Save change' }));
    const conflict = await screen.findByTestId('conflict');
    expect(within(conflict).getByTestId('conflict-mine')).toHaveTextContent('Walk to church every Sunday');
    expect(within(conflict).getByTestId('conflict-theirs')).toHaveTextContent('Walk to church (with a cane)');
    expect(goals()[0]?.description.text).toBe('Walk to church (with a cane)');

    await user.click(within(conflict).getByRole('button', { name: 'Keep my version' }));
    await waitFor(() => expect(goals()[0]?.description.text).toBe('Walk to church every Sunday'));
    const puts = fhir.log.filter((l) => l.method === 'PUT');
    expect(puts.map((p) => p.ifMatch)).toEqual(['W/"1"', 'W/"2"']);
    expect(goals()[0]?.note).toEqual([{ text: 'Discussed at visit' }]);
    expect(goals()).toHaveLength(1);
    expect(screen.queryByTestId('conflict')).not.toBeInTheDocument();
  });

  it('keeping the newer version saves nothing and drops the draft', async () => {
    const user = userEvent.setup();
    const seeded = fhir.seed(
      newPriorityGoal(
        { kind: 'value', text: 'Family', rank: 1 },
        { patientId: PID, today: '2026-11-01', identifier: { system: URN_SYSTEM, value: 'urn:uuid:seed-6' } },
      ),
    );
    launch();
    await ready();
    await user.click(screen.getByRole('button', { name: 'Change: Family' }));
    await user.type(screen.getByLabelText('Change what you wrote'), ' and friends');
    fhir.bump(seeded, (g) => ({ ...g, description: { text: 'My family' } }));
    await user.click(screen.getByRole('button', { name: 'Save change' }));
    await user.click(
      within(await screen.findByTestId('conflict')).getByRole('button', { name: 'Keep the newer version' }),
    );
    expect(await within(screen.getByTestId('others')).findByText('My family')).toBeInTheDocument();
    expect(fhir.log.filter((l) => l.method === 'PUT')).toHaveLength(1);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cg.draft'))).toEqual([]);
  });
});

describe('the visit agenda', () => {
  it('creates one in-progress QuestionnaireResponse, then updates it with If-Match', async () => {
    const user = userEvent.setup();
    launch();
    await ready();
    const agenda = screen.getByRole('region', { name: 'My list for my next visit' });
    await user.click(within(agenda).getByRole('button', { name: 'Add something to talk about' }));
    expect(within(agenda).getByLabelText('Thing to talk about, number 1')).toHaveFocus();
    await user.keyboard('My knee hurts');
    await user.click(within(agenda).getByRole('button', { name: 'Add something to talk about' }));
    await user.keyboard('Do I still need the water pill?');
    await user.click(within(agenda).getByRole('button', { name: 'Save my list' }));
    await within(agenda).findByText('Saved.');

    const qrs = fhir.all('QuestionnaireResponse') as QuestionnaireResponse[];
    expect(qrs).toHaveLength(1);
    const qr = qrs[0] as QuestionnaireResponse;
    expect(qr).toMatchObject({
      questionnaire: AGENDA_CANONICAL,
      status: 'in-progress',
      subject: { reference: `Patient/${PID}` },
      author: { reference: `Patient/${PID}` },
    });
    expect(qr.identifier?.system).toBe(URN_SYSTEM);
    expect(agendaItems(qr).map((i) => i.text)).toEqual(['My knee hurts', 'Do I still need the water pill?']);

    await user.click(within(agenda).getByRole('button', { name: 'Remove thing number 1' }));
    await user.click(within(agenda).getByRole('button', { name: 'Save my list' }));
    await waitFor(() =>
      expect(
        agendaItems(fhir.all('QuestionnaireResponse')[0] as QuestionnaireResponse).map((i) => i.text),
      ).toEqual(['Do I still need the water pill?']),
    );
    const put = fhir.log.find((l) => l.method === 'PUT');
    expect(put?.path).toBe(`QuestionnaireResponse/${qr.id}`);
    expect(put?.ifMatch).toBe('W/"1"');
    expect(fhir.all('QuestionnaireResponse')).toHaveLength(1);
  });

  it('on a 412 keeps the clinician’s check-off when the patient keeps their list', async () => {
    const user = userEvent.setup();
    const seeded = fhir.seed<QuestionnaireResponse>({
      resourceType: 'QuestionnaireResponse',
      identifier: { system: URN_SYSTEM, value: 'urn:uuid:qr-seed' },
      questionnaire: AGENDA_CANONICAL,
      status: 'in-progress',
      subject: { reference: `Patient/${PID}` },
      authored: '2026-11-20T10:00:00Z',
      item: [{ linkId: 'concern', item: [{ linkId: 'concern.text', answer: [{ valueString: 'Knee' }] }] }],
    });
    launch();
    await ready();
    const agenda = screen.getByRole('region', { name: 'My list for my next visit' });
    await user.click(within(agenda).getByRole('button', { name: 'Add something to talk about' }));
    await user.keyboard('Sleep');
    fhir.bump(seeded, (qr) => ({
      ...qr,
      item: [
        {
          linkId: 'concern',
          item: [
            { linkId: 'concern.text', answer: [{ valueString: 'Knee' }] },
            { linkId: 'concern.addressed', answer: [{ valueBoolean: true }] },
          ],
        },
      ],
    }));
    await user.click(within(agenda).getByRole('button', { name: 'Save my list' }));
    const conflict = await within(agenda).findByTestId('conflict');
    expect(within(conflict).getByTestId('conflict-mine')).toHaveTextContent('Sleep');
    await user.click(within(conflict).getByRole('button', { name: 'Keep my version' }));
    await waitFor(() =>
      expect(agendaItems(fhir.all('QuestionnaireResponse')[0] as QuestionnaireResponse)).toEqual([
        { id: 'concern-1', text: 'Knee', addressed: true },
        { id: expect.any(String), text: 'Sleep', addressed: false },
      ]),
    );
  });
});

describe('the shared care plan, language and read-only', () => {
  it('shows the plan in plain words, including what was agreed not to do', async () => {
    fhir.seed({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${PID}` },
      category: [
        {
          coding: [
            { system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' },
          ],
        },
      ],
      activity: [
        { detail: { status: 'in-progress', description: 'Walk 10 minutes a day' } },
        {
          detail: {
            status: 'cancelled',
            doNotPerform: true,
            description: 'No more colonoscopies',
            statusReason: { text: HOSTILE },
          },
        },
      ],
      note: [{ text: 'We agreed to focus on walking.' }],
    });
    const { container } = launch();
    const plan = await screen.findByTestId('care-plan', {}, { timeout: 5000 });
    expect(within(plan).getByTestId('plan-doing')).toHaveTextContent('Walk 10 minutes a day');
    // Cancelled is a decline (what we decided not to do), whatever else it says.
    expect(within(plan).getByTestId('plan-declined')).toHaveTextContent('No more colonoscopies');
    expect(within(plan).getByTestId('plan-declined')).toHaveTextContent(HOSTILE);
    expect(plan).toHaveTextContent('We agreed to focus on walking.');
    expect(container.querySelector('img')).toBeNull();
  });

  it('says when there is no plan yet', async () => {
    launch();
    expect(
      await screen.findByText(/have not made a care plan yet/, {}, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it('speaks Spanish', async () => {
    launch('es');
    await screen.findByRole('heading', { name: 'Agregar lo que me importa' }, { timeout: 5000 });
    expect(screen.getByRole('heading', { name: 'Lo que me importa' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pasar tiempo con mi familia' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Mi lista para la próxima cita' })).toBeInTheDocument();
  });

  it('without write scopes says so and offers no way to change anything', async () => {
    fhir.seed(
      newPriorityGoal(
        { kind: 'value', text: 'Family', rank: 1 },
        { patientId: PID, today: '2026-11-01', identifier: { system: URN_SYSTEM, value: 'urn:uuid:seed-7' } },
      ),
    );
    launch('en', 'patient/*.rs');
    expect(await screen.findByTestId('voice-read-only', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(await within(await screen.findByTestId('others')).findByText('Family')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change: Family' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save my list' })).not.toBeInTheDocument();
    expect(within(addForm('Add what matters to me')).getByRole('button', { name: 'Save' })).toBeDisabled();
    await act(async () => {});
  });
});

describe('the shared plan means the same thing to the patient (fidelity)', () => {
  it('an activity done or on hold is still what we will do, and says so, in English and Spanish', async () => {
    fhir.seed(
      buildSharedPlan(
        undefined,
        {
          goals: [],
          addresses: [],
          activities: [
            { kind: 'agreed', text: 'Eye exam', source: { detail: { status: 'completed' } } },
            { kind: 'agreed', text: 'Physical therapy', source: { detail: { status: 'on-hold' } } },
          ],
          summary: '',
        },
        {
          patientId: PID,
          clinician: 'Practitioner/dr-1',
          today: '2026-11-26',
          identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:7d0c2a8e-1111-4222-8333-444455550002' },
        },
      ),
    );
    const { unmount } = launch();
    const doing = await screen.findByTestId('plan-doing', {}, { timeout: 5000 });
    expect(doing).toHaveTextContent('Eye exam (done)Physical therapy (paused)');
    unmount();
    launch('es');
    expect(await screen.findByTestId('plan-doing', {}, { timeout: 5000 })).toHaveTextContent(
      'Eye exam (ya se hizo)Physical therapy (en pausa)',
    );
  });

  it('a goal the patient said no longer matters (cancelled) is not under "what we are aiming for"; a completed one is achieved', async () => {
    const goal = (id: string, lifecycleStatus: Goal['lifecycleStatus'], text: string): Goal => ({
      resourceType: 'Goal',
      id,
      lifecycleStatus,
      subject: { reference: `Patient/${PID}` },
      description: { text },
    });
    fhir.seed(goal('g-walk', 'active', 'Walk to church'));
    fhir.seed(goal('g-weight', 'cancelled', 'Lose 10 kg'));
    fhir.seed(goal('g-smoke', 'completed', 'Stop smoking'));
    fhir.seed(
      buildSharedPlan(
        undefined,
        {
          goals: ['g-walk', 'g-weight', 'g-smoke'].map((id) => ({ reference: `Goal/${id}` })),
          addresses: [],
          activities: [],
          summary: '',
        },
        {
          patientId: PID,
          clinician: 'Practitioner/dr-1',
          today: '2026-11-26',
          identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:7d0c2a8e-1111-4222-8333-444455550001' },
        },
      ),
    );
    launch();
    const plan = await screen.findByTestId('care-plan', {}, { timeout: 5000 });
    expect(within(plan).getByTestId('plan-goals')).toHaveTextContent(/^Walk to church$/);
    expect(within(plan).getByTestId('plan-achieved')).toHaveTextContent(/^Stop smoking$/);
    expect(plan).not.toHaveTextContent('Lose 10 kg');
  });

  /** A plan with a prompt declined as "not a priority", written the way the prompt cards write it. */
  function seedDeclinedPlan() {
    const plan = buildSharedPlan(
      undefined,
      { goals: [], addresses: [], activities: [{ kind: 'agreed', text: 'Walk after dinner' }], summary: '' },
      {
        patientId: PID,
        clinician: 'Practitioner/dr-1',
        today: '2026-11-26',
        identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:7d0c2a8e-1111-4222-8333-444455556666' },
      },
    );
    const reason = 'Not a priority for the patient now — Wants to talk with her daughter';
    fhir.seed(
      addActivity(plan, {
        kind: 'declined',
        text: 'Start a statin',
        reason,
        key: 'prompt:R1',
        source: buildDeclineActivity({
          rule: 'R1',
          date: '2026-11-26',
          reason,
          reasonCode: overrideReason('not-a-priority'),
          description: 'Start a statin',
        }),
      }),
    );
  }

  it('a declined prompt is under "what we decided not to do", with the reason in plain words', async () => {
    seedDeclinedPlan();
    launch();
    const plan = await screen.findByTestId('care-plan', {}, { timeout: 5000 });
    expect(within(plan).getByTestId('plan-doing')).toHaveTextContent('Walk after dinner');
    expect(within(plan).getByTestId('plan-doing')).not.toHaveTextContent('statin');
    expect(within(plan).getByTestId('plan-declined')).toHaveTextContent(
      'Start a statin medicine for your heart — because: It is not a priority for you now — Wants to talk with her daughter',
    );
    expect(within(plan).getByRole('heading', { name: 'What we decided not to do' })).toBeInTheDocument();
  });

  it('in Spanish, the app’s own words are Spanish and the people’s words are as written', async () => {
    seedDeclinedPlan();
    launch('es');
    const plan = await screen.findByTestId('care-plan', {}, { timeout: 5000 });
    expect(within(plan).getByTestId('plan-declined')).toHaveTextContent(
      'Empezar una estatina, un medicamento para el corazón — porque: No es una prioridad para usted ahora — Wants to talk with her daughter',
    );
    expect(within(plan).getByTestId('plan-doing')).toHaveTextContent('Walk after dinner');
    expect(plan).not.toHaveTextContent('Shared care plan');
  });
});
