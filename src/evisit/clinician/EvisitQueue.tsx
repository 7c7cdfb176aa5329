/**
 * The e-visit review queue (a clinician launch with no patient in context; its own lazily loaded
 * chunk): the e-visits waiting for review across patients, oldest first, with the patient, the
 * kind, the route and the red flags at a glance. Opening one switches to that patient's review.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { EVISIT_QUESTIONNAIRES, localText } from '../../core/evisit';
import {
  entriesOf,
  QUEUE_TASK_QUERY,
  queueEntries,
  queueFollowUps,
  type QueueEntry,
} from '../../core/evisit/queue';
import { summarizeEvisit } from '../../core/evisit/summary';
import { holderOf } from '../../core/evisit/reply';
import { RequestError, type FhirRequester } from '../../core/record/read';
import type { Patient, QuestionnaireResponse, Task } from 'fhir/r4';
import { forPatient, type QueueSession } from '../../platform/session';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { ProblemPage } from '../../ui/ProblemPage';
import { clinicianLanguage, dayTime } from './words';
import { EvisitReview } from './EvisitReview';
import './clinician.css';

type QueueState =
  | { status: 'loading' }
  | {
      status: 'ready';
      entries: QueueEntry[];
      namesMissing: boolean;
      /** The Task search had more pages than one screen reads: waiting e-visits may be missing. */
      incomplete: boolean;
    }
  | { status: 'failed'; httpStatus: number; message: string };

/** A queue longer than this many pages is not read in one screen; it also stops a bad `next` loop. */
export const QUEUE_PAGE_CAP = 20;

/**
 * Pages of a search, followed to the end (a server may page below the asked `_count`) or to the cap;
 * `complete` is false when a `next` page was left unread.
 */
async function searchAll<T extends { resourceType: string }>(
  fhir: FhirRequester,
  url: string,
  type: T['resourceType'],
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let next: string | undefined = url;
  for (let page = 0; next && page < QUEUE_PAGE_CAP; page++) {
    const bundle = (await fhir.get(next)) as { link?: { relation: string; url: string }[] };
    items.push(...entriesOf<T>(bundle, type));
    next = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
  return { items, complete: !next };
}

/** Follow-up searches in flight at once: a full queue has dozens, and the EHR serves other users too. */
const FOLLOW_UP_IN_FLIGHT = 4;

/** Runs jobs at most `max` at a time; a finished job hands its slot straight to the next one waiting. */
function limiter(max: number): <R>(job: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

async function loadQueue(fhir: FhirRequester): Promise<Extract<QueueState, { status: 'ready' }>> {
  const { items: tasks, complete } = await searchAll<Task>(fhir, QUEUE_TASK_QUERY, 'Task');
  const follow = queueFollowUps(tasks);
  const run = limiter(FOLLOW_UP_IN_FLIGHT);
  // An ended sign-in fails every chunk alike: the ones not yet sent are not sent, and the queue says so.
  let ended: RequestError | undefined;
  // A chunk that fails leaves only its own rows without what it would have added; the rest still join.
  const readAll = <T extends { resourceType: string }>(urls: readonly string[], type: T['resourceType']) =>
    Promise.all(
      urls.map((url) =>
        run(async () => {
          if (ended) throw ended;
          try {
            return await searchAll<T>(fhir, url, type);
          } catch (err) {
            // Noted before the slot passes to the next search, so that one is not sent.
            if (err instanceof RequestError && err.status === 401) ended = err;
            throw err;
          }
        }).then(
          (r) => ({ items: r.items, failed: false }),
          () => ({ items: [] as T[], failed: true }),
        ),
      ),
    );
  const [patients, responses] = await Promise.all([
    readAll<Patient>(follow.patients, 'Patient'),
    readAll<QuestionnaireResponse>(follow.responses, 'QuestionnaireResponse'),
  ]);
  if (ended) throw ended;
  return {
    status: 'ready',
    entries: queueEntries(
      tasks,
      patients.flatMap((c) => c.items),
      responses.flatMap((c) => c.items),
    ),
    // Without names the queue still works (by id); the answers are read again on opening.
    namesMissing: patients.some((c) => c.failed),
    incomplete: !complete,
  };
}

function QueueRow({
  entry,
  today,
  onOpen,
}: {
  entry: QueueEntry;
  today: Date;
  onOpen: (e: QueueEntry, from: HTMLButtonElement) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = clinicianLanguage(i18n.language);
  const q = EVISIT_QUESTIONNAIRES[entry.kind];
  const summary = useMemo(
    () => (entry.response ? summarizeEvisit(entry.response, lang, today.toISOString()) : undefined),
    [entry.response, lang, today],
  );
  const who = entry.name ?? t('workspace.evisitQueue.queue.unnamed', { id: entry.patientId });
  // Whoever holds it, even the signed-in reviewer (a reply they began elsewhere): the row says so.
  const holder = holderOf(entry.task, undefined);
  return (
    <li className="evq-row" data-testid="evisit-queue-row" data-route={entry.route}>
      <button type="button" className="evq-open" onClick={(e) => onOpen(entry, e.currentTarget)}>
        <span className="evq-who">{who}</span>
        <span className="evq-kind">{localText(q.title, q._title, i18n.language)}</span>
      </button>
      <p className="evq-meta">
        <span className={`evq-route evq-route-${entry.route}`}>
          {t(`workspace.evisitQueue.route.${entry.route}`)}
        </span>{' '}
        <span className="muted small">
          {t('workspace.evisitQueue.queue.sent', { date: dayTime(entry.task.authoredOn, i18n.language) })}
          {entry.replyBy &&
            ` · ${t('workspace.evisitQueue.queue.due', { date: dayTime(entry.replyBy, i18n.language) })}`}
          {holder.kind === 'other' &&
            ` · ${holder.by?.display ? t('workspace.evisitQueue.queue.inProgressBy', { name: holder.by.display }) : t('workspace.evisitQueue.queue.inProgress')}`}
        </span>
      </p>
      {summary && summary.flags.length > 0 && (
        <ul className="evq-flags small">
          {summary.flags.map((f) => (
            <li key={f.linkIds.join()}>{f.text}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

export default function EvisitQueue({
  session,
  today = new Date(),
}: {
  session: QueueSession;
  today?: Date;
}) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [open, setOpen] = useState<QueueEntry>();
  const [notice, setNotice] = useState<string>();
  const [expired, setExpired] = useState(false);
  const returnTo = useRef<string | undefined>(undefined);
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    loadQueue(session.fhir).then(
      (s) => live && setState(s),
      (err: unknown) => {
        if (!live) return;
        const httpStatus = err instanceof RequestError ? err.status : 0;
        if (httpStatus === 401) setExpired(true);
        setState({ status: 'failed', httpStatus, message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [session, attempt]);

  const patientSession = useMemo(
    () => (open ? forPatient(session, open.patientId) : undefined),
    [session, open],
  );

  const back = useCallback((message?: string) => {
    setOpen(undefined);
    setNotice(message);
    // Focus goes back to where the clinician was: the row they opened, else the list heading.
    requestAnimationFrame(() => {
      const row = returnTo.current ? document.getElementById(returnTo.current) : null;
      (row ?? listHeading.current)?.focus();
    });
  }, []);

  if (expired)
    return <ProblemPage problem={{ kind: 'session-expired', iss: session.iss }} kind={session.kind} />;

  const lang = i18n.language;
  let body;
  if (open && patientSession) {
    body = (
      <EvisitReview
        session={patientSession}
        entry={open}
        today={today}
        onBack={() => back()}
        onSent={(who) => {
          const done = open.task.id;
          // Off the list at once; the reload behind it picks up what others did meanwhile.
          setState((s) =>
            s.status === 'ready' ? { ...s, entries: s.entries.filter((e) => e.task.id !== done) } : s,
          );
          back(t('workspace.evisitQueue.review.sent', { name: who }));
          setAttempt((n) => n + 1);
        }}
        onExpired={() => setExpired(true)}
      />
    );
  } else if (state.status === 'loading') {
    body = (
      <p className="muted" role="status">
        {t('workspace.evisitQueue.queue.loading')}
      </p>
    );
  } else if (state.status === 'failed') {
    body = (
      <div className="error" role="alert">
        <p>
          {state.httpStatus === 403
            ? t('workspace.evisitQueue.queue.forbidden')
            : t('workspace.evisitQueue.queue.failed')}
        </p>
        <p className="muted small">{state.message}</p>
        {state.httpStatus !== 403 && (
          <button
            type="button"
            onClick={() => {
              setState({ status: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('panel.retry')}
          </button>
        )}
      </div>
    );
  } else {
    body = (
      <>
        {state.namesMissing && <p className="notice">{t('workspace.evisitQueue.queue.namesMissing')}</p>}
        {state.entries.length === 0 ? (
          <p className="empty" data-testid="evisit-queue-empty">
            {t('workspace.evisitQueue.queue.empty')}
          </p>
        ) : (
          <>
            {state.incomplete ? (
              // Said in place of the count: "N waiting" would be wrong, and an unread page may hold
              // the longest-waiting or a red-flagged e-visit.
              <p className="notice" role="status" data-testid="evisit-queue-incomplete">
                {t('workspace.evisitQueue.queue.incomplete', { count: state.entries.length })}
              </p>
            ) : (
              <p className="muted small">
                {t('workspace.evisitQueue.queue.count', { count: state.entries.length })}
              </p>
            )}
            <ul className="evq-list" data-testid="evisit-queue">
              {state.entries.map((e) => (
                <QueueRow
                  key={e.task.id}
                  entry={e}
                  today={today}
                  onOpen={(entry, from) => {
                    from.id ||= `evq-${entry.task.id}`;
                    returnTo.current = from.id;
                    setNotice(undefined);
                    setOpen(entry);
                  }}
                />
              ))}
            </ul>
          </>
        )}
      </>
    );
  }

  return (
    <div className="app clinician-view evisit-queue" data-ready={state.status !== 'loading'} lang={lang}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="evq">
        {!open && (
          <>
            <h1 ref={listHeading} tabIndex={-1}>
              {t('workspace.evisitQueue.queue.title')}
            </h1>
            {notice && (
              <p className="success" role="status" data-testid="evisit-queue-notice">
                {notice}
              </p>
            )}
          </>
        )}
        {body}
      </main>
    </div>
  );
}
