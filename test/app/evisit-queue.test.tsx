/**
 * The e-visit review queue's list: what it says when the EHR's Task search has more pages than one
 * screen reads (src/evisit/clinician/EvisitQueue.tsx), so no clinician takes a partial list for the
 * whole queue.
 */
import { render, screen } from '@testing-library/react';
import type { Bundle, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { CG_EVISIT_TASK } from '../../src/core/fhir/vocabulary';
import type { FhirRequester } from '../../src/core/record/read';
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
});
