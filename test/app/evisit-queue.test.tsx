/**
 * The e-visit review queue's list (src/evisit/clinician/EvisitQueue.tsx): what it says when the EHR's
 * Task search has more pages than one screen reads, so no clinician takes a partial list for the whole
 * queue, and the names of a queue too long for one follow-up URL.
 */
import { render, screen } from '@testing-library/react';
import type { Bundle, Patient, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { CG_EVISIT_TASK } from '../../src/core/fhir/vocabulary';
import { RequestError, type FhirRequester } from '../../src/core/record/read';
import EvisitQueue, { QUEUE_PAGE_CAP } from '../../src/evisit/clinician/EvisitQueue';
import { createI18n } from '../../src/i18n';
import { I18nextProvider } from '../../src/i18n/react';
import type { QueueSession } from '../../src/platform/session';
import { testSession } from './session';

function task(n: number): Task {
  return {
    resourceType: 'Task',
    id: `t${n}`,
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: CG_EVISIT_TASK, code: 'uri' }] },
    for: { reference: `Patient/p${n}` },
    focus: { reference: `QuestionnaireResponse/qr${n}` },
    authoredOn: `2026-11-${String(1 + (n % 28)).padStart(2, '0')}T09:00:00Z`,
  };
}

/** A Task search of `pages` pages, one Task each; the follow-up searches find nothing. */
function pagedServer(pages: number): FhirRequester & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async get(url) {
      reads.push(url);
      const page = url.startsWith('Task?') ? 0 : /^https:\/\/ehr\.example\.org\/page\/(\d+)$/.exec(url)?.[1];
      if (page === undefined)
        return { resourceType: 'Bundle', type: 'searchset', entry: [] } satisfies Bundle;
      const n = Number(page);
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: task(n) }],
        link: n + 1 < pages ? [{ relation: 'next', url: `https://ehr.example.org/page/${n + 1}` }] : [],
      } satisfies Bundle;
    },
    async batch() {
      throw new Error('the queue sends no batch');
    },
  };
}

function show(fhir: FhirRequester) {
  // The queue's launch has no patient, no role and no patient-level writes of its own.
  const {
    patientId: _p,
    role: _r,
    write: _w,
    ...signIn
  } = testSession(fhir, 'user/Task.rs user/Task.u user/QuestionnaireResponse.rs user/Patient.rs');
  const session: QueueSession = { ...signIn, view: 'evisit-queue' };
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <EvisitQueue session={session} today={new Date(2026, 10, 30, 10)} />
    </I18nextProvider>,
  );
}

describe('the e-visit queue when the EHR has more pages than one screen reads', () => {
  it('says the list may be missing e-visits, instead of a count that claims to be all of them', async () => {
    const fhir = pagedServer(QUEUE_PAGE_CAP + 3);
    show(fhir);
    const incomplete = await screen.findByTestId('evisit-queue-incomplete');
    expect(incomplete).toHaveTextContent(
      `More e-visits are waiting than this screen reads at once. The ${QUEUE_PAGE_CAP} the EHR sent first are listed`,
    );
    expect(incomplete).toHaveTextContent('may not be among them');
    expect(screen.queryByText(/e-visits waiting, oldest first/)).not.toBeInTheDocument();
    expect(screen.getAllByTestId('evisit-queue-row')).toHaveLength(QUEUE_PAGE_CAP);
    expect(fhir.reads.filter((u) => u.startsWith('Task?') || u.includes('/page/'))).toHaveLength(
      QUEUE_PAGE_CAP,
    );
  });

  it('a queue read to its last page is counted as it was', async () => {
    show(pagedServer(3));
    expect(await screen.findByText('3 e-visits waiting, oldest first.')).toBeInTheDocument();
    expect(screen.queryByTestId('evisit-queue-incomplete')).not.toBeInTheDocument();
  });

  it('one e-visit is counted without an order it cannot have', async () => {
    show(pagedServer(1));
    expect(await screen.findByText('1 e-visit waiting.')).toBeInTheDocument();
  });
});

/** Long enough that a few hundred of them overflow one URL, as real EHR ids do. */
const patientId = (n: number) => `patient-${String(n).padStart(6, '0')}`;

/**
 * One page of `count` Tasks, each for its own patient; a Patient search answers 40 a page whatever
 * its `_count` (following `next` is the client's job), and a URL past 2,048 characters is refused
 * as many servers do. `failing` names patients whose search fails.
 */
function manyPatientsServer(count: number, failing: ReadonlySet<string> = new Set(), failure = 500) {
  const reads: string[] = [];
  const pending = new Map<string, Patient[]>();
  let inFlight = 0;
  let mostInFlight = 0;
  const page = (found: Patient[]): Bundle => {
    const key = `https://ehr.example.org/more/${pending.size}`;
    if (found.length > 40) pending.set(key, found.slice(40));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: found.slice(0, 40).map((resource) => ({ resource })),
      link: found.length > 40 ? [{ relation: 'next', url: key }] : [],
    };
  };
  const fhir: FhirRequester = {
    async get(url) {
      reads.push(url);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (url.length > 2048) throw new RequestError(414, 'URI Too Long');
        if (url.startsWith('Task?')) {
          const tasks = Array.from({ length: count }, (_, n) => ({
            ...task(n),
            for: { reference: `Patient/${patientId(n)}` },
          }));
          return {
            resourceType: 'Bundle',
            type: 'searchset',
            entry: tasks.map((resource) => ({ resource })),
          } satisfies Bundle;
        }
        const more = pending.get(url);
        if (more) return page(more);
        const ids = /^Patient\?_id=([^&]+)/.exec(url)?.[1]?.split(',').map(decodeURIComponent);
        if (!ids) return { resourceType: 'Bundle', type: 'searchset', entry: [] } satisfies Bundle;
        if (ids.some((id) => failing.has(id))) throw new RequestError(failure, `HTTP ${failure}`);
        return page(
          ids.map((id) => ({ resourceType: 'Patient', id, name: [{ given: ['Name'], family: id }] })),
        );
      } finally {
        inFlight--;
      }
    },
    async batch() {
      throw new Error('the queue sends no batch');
    },
  };
  return { fhir, reads, mostInFlight: () => mostInFlight };
}

describe('the e-visit queue with more patients than one follow-up search names', () => {
  const count = 250;

  it("shows every patient's name, reading the searches a few at a time", async () => {
    const server = manyPatientsServer(count);
    show(server.fhir);
    expect(await screen.findByText(`${count} e-visits waiting, oldest first.`)).toBeInTheDocument();
    const shown = screen
      .getAllByTestId('evisit-queue-row')
      .map((r) => r.querySelector('.evq-who')?.textContent);
    expect(shown.sort()).toEqual(Array.from({ length: count }, (_, n) => `Name ${patientId(n)}`));
    expect(screen.queryByText(/patient names could not be read/)).not.toBeInTheDocument();
    expect(server.reads.filter((u) => u.startsWith('Patient?')).length).toBeGreaterThan(1);
    expect(server.reads.some((u) => u.includes('/more/'))).toBe(true);
    expect(server.mostInFlight()).toBeLessThanOrEqual(4);
  });

  it('a search that fails leaves only its own patients listed by id', async () => {
    const server = manyPatientsServer(count, new Set([patientId(count - 1)]));
    show(server.fhir);
    expect(await screen.findByText(`${count} e-visits waiting, oldest first.`)).toBeInTheDocument();
    expect(screen.getByText(/patient names could not be read/)).toBeInTheDocument();
    expect(screen.getByText(`Name ${patientId(0)}`)).toBeInTheDocument();
    expect(screen.getByText(`Patient ${patientId(count - 1)}`)).toBeInTheDocument();
    const byId = screen.getAllByText(/^Patient patient-/);
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.length).toBeLessThan(count);
  });

  it('an ended sign-in stops the searches not yet sent and asks to sign in again', async () => {
    const many = 1000;
    const everyone = new Set(Array.from({ length: many }, (_, n) => patientId(n)));
    const server = manyPatientsServer(many, everyone, 401);
    show(server.fhir);
    expect(await screen.findByRole('heading', { name: 'Your session has ended' })).toBeInTheDocument();
    // Ten searches' worth of names: only the first few in flight were sent with the dead token.
    expect(server.reads.filter((u) => u.startsWith('Patient?')).length).toBeLessThanOrEqual(4);
  });
});
