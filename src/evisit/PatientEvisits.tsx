/**
 * "Ask about a new problem" in the patient's view (its own lazily loaded chunk): start an e-visit,
 * go on with one kept as a draft, and read earlier ones with the care team's reply.
 */
import type { Communication, Patient, QuestionnaireResponse, Task } from 'fhir/r4';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from '../i18n/react';
import { EVISIT_QUESTIONNAIRES, kindOf, localText, type EvisitKind } from '../core/evisit';
import { FREE_REVIEW_STATUSES, HELD_REVIEW_STATUSES, isStatusIn } from '../core/evisit/queue';
import { CG_EVISIT_TASK } from '../core/fhir/vocabulary';
import { localRef, refersTo } from '../core/fhir/references';
import { readyResources, type RecordProps } from '../ui/RecordContext';
import { useRecordDrafts } from '../ui/drafts';
import { formatDate } from '../ui/format';
import { useRecordCommit } from '../ui/useCommit';
import { answerText, OPEN_KEY } from './answers';
import { EvisitForm } from './EvisitForm';
import { itemText } from './Question';
import './evisit.css';

const KINDS: EvisitKind[] = ['uri', 'lbp'];

export function evisitTasks(tasks: readonly Task[]): Task[] {
  return tasks
    .filter((t) => t.code?.coding?.some((c) => c.system === CG_EVISIT_TASK))
    .sort((a, b) => (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''));
}

export function replyTo(task: Task, communications: readonly Communication[]): Communication | undefined {
  return communications.find(
    (c) => c.status === 'completed' && (c.basedOn ?? []).some((r) => refersTo(r, 'Task', task.id ?? '')),
  );
}

function dayTime(value: string | undefined, lang: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleString(lang, {
        weekday: 'long',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
}

function Answers({ qr }: { qr: QuestionnaireResponse }) {
  const { t, i18n } = useTranslation();
  const kind = kindOf(qr.questionnaire);
  const q = kind ? EVISIT_QUESTIONNAIRES[kind] : undefined;
  return (
    <dl className="evisit-answers">
      {(qr.item ?? []).map((a) => {
        const item = q?.item?.find((i) => i.linkId === a.linkId);
        return (
          <div key={a.linkId} className="evisit-answer">
            <dt>{item ? itemText(item, i18n.language) : (a.text ?? a.linkId)}</dt>
            <dd>{answerText(item, a.answer, t, i18n.language)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function PastEvisit({
  task,
  qr,
  reply,
}: {
  task: Task;
  qr: QuestionnaireResponse | undefined;
  reply: Communication | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [open, setOpen] = useState(false);
  const kind = (task.code?.coding?.find((c) => c.system === CG_EVISIT_TASK)?.code ?? 'uri') as EvisitKind;
  const q = EVISIT_QUESTIONNAIRES[kind] ?? EVISIT_QUESTIONNAIRES.uri;
  const status = isStatusIn(FREE_REVIEW_STATUSES, task)
    ? t('evisit.list.waiting', { date: dayTime(task.restriction?.period?.end, lang) })
    : isStatusIn(HELD_REVIEW_STATUSES, task)
      ? t('evisit.list.inReview')
      : reply
        ? t('evisit.list.replied')
        : t('evisit.list.closed');
  return (
    <li className="evisit-past" data-testid="evisit-past">
      <p>
        <strong>{localText(q.title, q._title, lang)}</strong> ·{' '}
        <span className="muted">
          {t('evisit.list.sentOn', { date: formatDate(task.authoredOn, lang) ?? '' })}
        </span>
      </p>
      <p data-testid="evisit-status">{status}</p>
      {reply && (
        <blockquote className="evisit-reply" data-testid="evisit-reply" lang={reply.language}>
          {/* The clinician's blank lines are the message's paragraphs. */}
          {(reply.payload ?? [])
            .flatMap((p) => (p.contentString ?? '').split(/\n\s*\n/))
            .filter((para) => para.trim())
            .map((para, i) => (
              <p key={i} style={{ whiteSpace: 'pre-line' }}>
                {para.trim()}
              </p>
            ))}
          {reply.sender?.display && <footer>— {reply.sender.display}</footer>}
        </blockquote>
      )}
      {qr && (
        <>
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? t('evisit.list.hide') : t('evisit.list.show')}
          </button>
          {open && <Answers qr={qr} />}
        </>
      )}
    </li>
  );
}

export default function PatientEvisits(props: RecordProps) {
  const { session, panels } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const drafts = useRecordDrafts(props);
  const commit = useRecordCommit(props);
  const [initial] = useState(() => drafts.load<EvisitKind>(OPEN_KEY));
  const [open, setOpen] = useState<EvisitKind | undefined>(initial);
  const [sent, setSent] = useState<Task>();
  const focusOnShow = useCallback((el: HTMLElement | null) => el?.focus(), []);

  const patient = readyResources<Patient>(panels, 'patient')[0];
  const tasks = evisitTasks(readyResources<Task>(panels, 'tasks'));
  const responses = readyResources<QuestionnaireResponse>(panels, 'questionnaireResponses');
  const communications = readyResources<Communication>(panels, 'communications');
  const byRef = useMemo(
    () => new Map(responses.map((r) => [`QuestionnaireResponse/${r.id ?? ''}`, r])),
    [responses],
  );
  const canSend =
    session.access.can('QuestionnaireResponse', 'create') &&
    session.access.can('Task', 'create') &&
    session.access.can('Observation', 'create');

  let body;
  if (sent) {
    body = (
      <div className="evisit-sent" data-testid="evisit-sent">
        <h3 ref={focusOnShow} tabIndex={-1}>
          {t('evisit.sent.title')}
        </h3>
        <p>{t('evisit.sent.replyBy', { date: dayTime(sent.restriction?.period?.end, lang) })}</p>
        <p>{t('evisit.sent.comeBack')}</p>
        <p>{t('evisit.sent.worse')}</p>
        <button type="button" onClick={() => setSent(undefined)}>
          {t('evisit.sent.done')}
        </button>
      </div>
    );
  } else if (open) {
    body = (
      <EvisitForm
        kind={open}
        patientId={session.patientId}
        patient={patient}
        drafts={drafts}
        commit={commit}
        canSend={canSend}
        restored={open === initial}
        onSent={(task) => {
          setOpen(undefined);
          setSent(task);
        }}
        onClose={() => {
          drafts.clear(OPEN_KEY);
          setOpen(undefined);
        }}
      />
    );
  } else {
    body = (
      <>
        <p className="intro">{t('evisit.intro')}</p>
        <p className="small">{t('evisit.emergencyNote')}</p>
        <div className="actions evisit-start">
          {KINDS.map((k) => {
            const q = EVISIT_QUESTIONNAIRES[k];
            const hasDraft = (drafts.load<{ answers: unknown[] }>(`evisit:${k}`)?.answers.length ?? 0) > 0;
            const title = localText(q.title, q._title, lang);
            return (
              <button
                key={k}
                type="button"
                className={hasDraft ? '' : 'secondary'}
                onClick={() => setOpen(k)}
              >
                {hasDraft ? t('evisit.continue', { title }) : t(`evisit.start.${k}`)}
              </button>
            );
          })}
        </div>
      </>
    );
  }

  return (
    <section className="voice-section evisit" aria-labelledby="evisit-title" id="new-problem">
      <h2 id="evisit-title">{t('evisit.title')}</h2>
      {body}
      {tasks.length > 0 && (
        <>
          <h3>{t('evisit.list.title')}</h3>
          <ul className="plain-list" data-testid="evisit-list">
            {tasks.map((task) => {
              const focus = localRef(task.focus);
              return (
                <PastEvisit
                  key={task.id}
                  task={task}
                  qr={focus ? byRef.get(focus) : undefined}
                  reply={replyTo(task, communications)}
                />
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
