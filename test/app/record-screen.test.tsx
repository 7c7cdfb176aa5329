import { render, screen, within } from '@testing-library/react';
import type { Bundle, FhirResource } from 'fhir/r4';
import { I18nextProvider } from '../../src/i18n/react';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/platform/session';
import { panelQueries } from '../../src/core/record/panels';
import { RequestError, type FhirRequester } from '../../src/core/record/read';
import { grantedAccess, writeAccess } from '../../src/core/smart/scopes';
import { createI18n } from '../../src/i18n';
import { RecordScreen } from '../../src/app/RecordScreen';
import { testSession } from './session';

const HOSTILE = '<img src=x onerror="window.pwned=1">Ḥypertension ‏مرض السكري‏ 🫀';

const patient: FhirResource = {
  resourceType: 'Patient',
  id: 'p1',
  name: [{ given: ['Ana'], family: 'Rivera' }],
  birthDate: '1950-03-02',
  gender: 'female',
  communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true }],
};
const conditions: FhirResource[] = [
  {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/p1' },
    clinicalStatus: { coding: [{ code: 'active' }] },
    category: [{ coding: [{ code: 'problem-list-item' }] }],
    code: { text: 'Type 2 diabetes' },
  },
  {
    resourceType: 'Condition',
    id: 'c2',
    subject: { reference: 'Patient/p1' },
    clinicalStatus: { coding: [{ code: 'active' }] },
    code: { text: HOSTILE },
  },
];
const goals: FhirResource[] = [
  {
    resourceType: 'Goal',
    id: 'g1',
    lifecycleStatus: 'proposed',
    description: { text: 'Dance at my granddaughter’s wedding' },
    subject: { reference: 'Patient/p1' },
    expressedBy: { reference: 'Patient/p1' },
    priority: { coding: [{ code: 'high-priority' }] },
  },
  {
    resourceType: 'Goal',
    id: 'g2',
    lifecycleStatus: 'active',
    description: { text: 'HbA1c below 8%' },
    subject: { reference: 'Patient/p1' },
    addresses: [{ reference: 'Condition/c1' }],
  },
];

const searchset = (resources: FhirResource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

function requester(fail: Partial<Record<string, RequestError>> = {}): FhirRequester {
  const body: Record<string, unknown> = {};
  for (const q of panelQueries('p1')) {
    body[q.panel] =
      q.panel === 'patient'
        ? patient
        : searchset(q.panel === 'conditions' ? conditions : q.panel === 'goals' ? goals : []);
  }
  return {
    get: async () => {
      throw new RequestError(500, 'not used');
    },
    batch: async (bundle) => {
      const expired = Object.values(fail).find((e) => e?.status === 401);
      if (expired) throw expired;
      return {
        resourceType: 'Bundle',
        type: 'batch-response',
        // The entries asked for, in order: the app reads the record as more than one batch.
        entry: (bundle.entry ?? []).map((e) => {
          const q = panelQueries('p1').find((p) => p.url === e.request?.url)!;
          const err = fail[q.panel];
          return err
            ? {
                response: {
                  status: String(err.status),
                  outcome: {
                    resourceType: 'OperationOutcome',
                    issue: [{ severity: 'error', code: 'forbidden', diagnostics: err.message }],
                  },
                },
              }
            : { resource: body[q.panel], response: { status: '200' } };
        }),
      };
    },
  };
}

function session(over: Partial<Session> = {}, fail: Partial<Record<string, RequestError>> = {}): Session {
  return testSession(requester(fail), 'patient/*.cruds', over);
}

function show(s: Session, lang: 'en' | 'es' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <RecordScreen session={s} today={new Date('2026-11-26T00:00:00Z')} />
    </I18nextProvider>,
  );
}

describe('record screen', () => {
  it('shows the banner, the problem list and the goals, patient-stated first', async () => {
    show(session());
    const banner = await screen.findByTestId('patient-banner');
    expect(within(banner).getByRole('heading', { name: 'Ana Rivera' })).toBeInTheDocument();
    expect(banner).toHaveTextContent('76 years');
    const problems = await screen.findByTestId('problems-current');
    expect(problems).toHaveTextContent('Type 2 diabetes');
    const goalItems = within(await screen.findByTestId('goals')).getAllByRole('listitem');
    expect(goalItems[0]).toHaveTextContent('Dance at my granddaughter’s wedding');
    expect(goalItems[0]).toHaveTextContent('The one thing');
    expect(goalItems[1]).toHaveTextContent('Clinical goal');
    expect(goalItems[1]).toHaveTextContent('For: Type 2 diabetes');
    expect(screen.queryByTestId('read-only')).not.toBeInTheDocument();
  });

  it('shows record text as text, never as markup', async () => {
    const { container } = show(session());
    // The clinician view also offers the problem in the care plan's checklist.
    expect((await screen.findAllByText(HOSTILE))[0]).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('a forbidden panel says so while the rest of the record shows', async () => {
    show(session({}, { goals: new RequestError(403, 'Goal is outside the granted scopes') }));
    const goalsPanel = await screen.findByRole('region', { name: 'Goals' });
    expect(await within(goalsPanel).findByRole('alert')).toHaveTextContent('not allowed to see this part');
    expect(await screen.findByTestId('problems-current')).toHaveTextContent('Type 2 diabetes');
  });

  it('says it is read-only, and why, when write scopes were not granted', async () => {
    const access = grantedAccess('patient/*.rs', '');
    show(session({ access, write: writeAccess(access) }));
    expect(await screen.findByTestId('read-only')).toHaveTextContent('Goal, CarePlan, QuestionnaireResponse');
  });

  it('leaves the banner to the EHR when it says need_patient_banner=false', async () => {
    show(session({ needBanner: false }));
    await screen.findByTestId('problems-current');
    expect(screen.queryByTestId('patient-banner')).not.toBeInTheDocument();
  });

  it('turns an expired token into a page that says how to go on', async () => {
    show(
      session({ kind: 'standalone-patient', role: 'patient' }, { patient: new RequestError(401, 'expired') }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session has ended');
    expect(within(alert).getByRole('link', { name: 'Start again' })).toHaveAttribute(
      'href',
      expect.stringContaining('launch/?iss=https%3A%2F%2Fehr.example.org%2Ffhir'),
    );
  });

  it('speaks the patient’s preferred language in the patient view, in plain words', async () => {
    show(session({ role: 'patient', kind: 'standalone-patient' }));
    expect(await screen.findByRole('heading', { name: 'Sus metas' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sus problemas de salud' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
  });

  it('keeps the clinician’s language in the clinician view', async () => {
    show(session());
    await screen.findByTestId('goals');
    expect(screen.getByRole('heading', { name: 'Goals' })).toBeInTheDocument();
  });
});
