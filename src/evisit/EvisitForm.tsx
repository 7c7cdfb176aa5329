/**
 * The patient answering one e-visit: one question at a time in the order the core decides (red
 * flags first, most urgent first), a routing screen when a flag ends the e-visit (nothing is sent),
 * else a check of the answers and Send. Everything typed is kept as a draft on the device.
 */
import type { FhirResource, Patient, Task } from 'fhir/r4';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from '../i18n/react';
import {
  askedItems,
  buildRedFlagObservations,
  buildResponse,
  buildReviewTask,
  endsPath,
  EVISIT_QUESTIONNAIRES,
  localText,
  newSubmissionIds,
  nextStep,
  practiceOf,
  replyBy,
  type EvisitKind,
  type Route,
} from '../core/evisit';
import type { CommitResult } from '../core/write/runtime';
import type { DraftStore } from '../platform/drafts';
import type { Commit } from '../ui/useCommit';
import { answerText, draftKey, OPEN_KEY, type AnswerMap, type EvisitDraft } from './answers';
import { itemText, Question } from './Question';

type Phase = { name: 'answering' } | { name: 'sending' } | { name: 'failed'; message: string };

export function EvisitForm({
  kind,
  patientId,
  patient,
  drafts,
  commit,
  canSend,
  restored,
  onSent,
  onClose,
}: {
  kind: EvisitKind;
  patientId: string;
  patient: Patient | undefined;
  drafts: DraftStore;
  commit: Commit;
  canSend: boolean;
  restored: boolean;
  onSent: (task: Task) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = EVISIT_QUESTIONNAIRES[kind];
  const [draft, setDraft] = useState<EvisitDraft>(
    () => drafts.load<EvisitDraft>(draftKey(kind)) ?? { answers: [] },
  );
  const answers: AnswerMap = useMemo(() => new Map(draft.answers), [draft.answers]);
  const [editing, setEditing] = useState<string>();
  const [phase, setPhase] = useState<Phase>({ name: 'answering' });

  const keep = (next: EvisitDraft) => {
    setDraft(next);
    drafts.save(draftKey(kind), next);
    drafts.save(OPEN_KEY, kind);
  };

  const asked = askedItems(q, answers);
  const step = nextStep(q, answers);
  const current = editing
    ? q.item?.find((i) => i.linkId === editing)
    : step.kind === 'ask'
      ? step.item
      : undefined;
  const index = current ? asked.findIndex((i) => i.linkId === current.linkId) : -1;
  const previous = index > 0 ? asked[index - 1] : index === -1 ? asked[asked.length - 1] : undefined;
  // Once the answers are on the server, they are what the clinician reads: no more changes.
  const locked = draft.qrId !== undefined;

  function answer(linkId: string, given: EvisitDraft['answers'][number][1]) {
    const next = new Map(answers).set(linkId, given);
    // New answers may raise other flags: identifiers are minted again at the next Send.
    keep({
      answers: [...next],
      ...(locked ? { ids: draft.ids, authored: draft.authored, qrId: draft.qrId } : {}),
    });
    setEditing(undefined);
  }

  async function send(route: Route) {
    setPhase({ name: 'sending' });
    const ids = draft.ids ?? newSubmissionIds(() => crypto.randomUUID(), route.flags);
    const authored = draft.authored ?? new Date().toISOString();
    let saving: EvisitDraft = { ...draft, ids, authored };
    keep(saving);
    const failed = (r: CommitResult<FhirResource>) => {
      const message =
        r.kind === 'failed'
          ? r.message
          : r.kind === 'expired'
            ? t('evisit.review.expired')
            : t('evisit.review.copy');
      setPhase({ name: 'failed', message });
    };

    const qrResult = await commit(
      {
        next: buildResponse({
          kind,
          questionnaire: q,
          answers,
          patientId,
          identifier: ids.qr,
          authored,
          language: lang,
        }),
      },
      'questionnaireResponses',
    );
    if (qrResult.kind !== 'saved' || !qrResult.resource.id) return failed(qrResult);
    const qr = { ...qrResult.resource, id: qrResult.resource.id };
    saving = { ...saving, qrId: qr.id };
    keep(saving);

    for (const obs of buildRedFlagObservations({
      qr,
      questionnaire: q,
      flags: route.flags,
      answers,
      patientId,
      ids: ids.observations,
      authored,
    })) {
      const r = await commit({ next: obs }, 'observations');
      if (r.kind !== 'saved') return failed(r);
    }

    const task = await commit(
      {
        next: buildReviewTask({
          kind,
          qr,
          route,
          patientId,
          owner: practiceOf(patient),
          identifier: ids.task,
          authored,
          replyBy: replyBy(new Date(authored)).toISOString(),
        }),
      },
      'tasks',
    );
    if (task.kind !== 'saved') return failed(task);
    drafts.clear(draftKey(kind));
    drafts.clear(OPEN_KEY);
    onSent(task.resource);
  }

  // The routing and review screens take the focus when they appear, so a screen reader reads them.
  const focusOnShow = useCallback((el: HTMLElement | null) => el?.focus(), []);
  const title = localText(q.title, q._title, lang);
  const header = (
    <>
      <h3>{title}</h3>
      {restored && draft.answers.length > 0 && (
        <p className="notice small" data-testid="evisit-draft-restored">
          {t('evisit.draftRestored')}
        </p>
      )}
      <p className="small">{t('evisit.emergencyNote')}</p>
    </>
  );

  if (current && !locked) {
    return (
      <div className="evisit-form">
        {header}
        <Question
          item={current}
          number={index === -1 ? asked.length + 1 : index + 1}
          given={answers.get(current.linkId)}
          onAnswer={(a) => answer(current.linkId, a)}
          onBack={previous ? () => setEditing(previous.linkId) : undefined}
        />
        <div className="actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t('evisit.cancel')}
          </button>
        </div>
      </div>
    );
  }

  const route = step.route;
  if (endsPath(route.route)) {
    const level = route.route as 'emergency' | 'same-day' | 'within-24h' | 'in-person';
    return (
      <div className="evisit-form" data-route={level}>
        <h3 ref={focusOnShow} className={`evisit-route evisit-route-${level}`} tabIndex={-1}>
          {t(`evisit.route.${level}.title`)}
        </h3>
        <p className="evisit-now">{t(`evisit.route.${level}.now`)}</p>
        {level === 'emergency' && (
          <p>
            <a className="button evisit-call" href="tel:911">
              {t('evisit.route.emergency.call')}
            </a>
          </p>
        )}
        <p>{t('evisit.route.why')}</p>
        <ul>
          {route.because.map((linkId) => {
            const item = q.item?.find((i) => i.linkId === linkId);
            return (
              <li key={linkId}>
                {item ? itemText(item, lang) : linkId} —{' '}
                <strong>{answerText(item, answers.get(linkId), t, lang)}</strong>
              </li>
            );
          })}
        </ul>
        <p className="notice" data-testid="evisit-not-sent">
          {t('evisit.route.notSent')}
        </p>
        {level !== 'emergency' && <p>{t('evisit.route.worse')}</p>}
        <div className="actions">
          {asked.length > 0 && (
            <button
              type="button"
              className="secondary"
              onClick={() => setEditing(asked[asked.length - 1]?.linkId)}
            >
              {t('evisit.route.change')}
            </button>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="evisit-form">
      {header}
      <h4 ref={focusOnShow} tabIndex={-1}>
        {t('evisit.review.title')}
      </h4>
      <p>{t('evisit.review.intro')}</p>
      {route.route === 'clinician-review' && <p className="notice">{t('evisit.review.flagged')}</p>}
      <dl className="evisit-answers" data-testid="evisit-review">
        {asked.map((item) => {
          const question = itemText(item, lang);
          return (
            <div key={item.linkId} className="evisit-answer">
              <dt>{question}</dt>
              <dd>
                {answerText(item, answers.get(item.linkId), t, lang)}{' '}
                {!locked && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('evisit.review.change_label', { question })}
                    onClick={() => setEditing(item.linkId)}
                  >
                    {t('evisit.review.change')}
                  </button>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {phase.name === 'failed' && (
        <p className="error" role="alert">
          {t('evisit.review.failed', { message: phase.message })}
        </p>
      )}
      {!canSend && <p className="notice">{t('evisit.review.readOnly')}</p>}
      <div className="actions">
        <button
          type="button"
          onClick={() => void send(route)}
          disabled={!canSend || phase.name === 'sending'}
        >
          {phase.name === 'sending'
            ? t('evisit.review.sending')
            : phase.name === 'failed'
              ? t('evisit.review.retry')
              : t('evisit.review.send')}
        </button>
        <button type="button" className="link-button" onClick={onClose}>
          {t('evisit.cancel')}
        </button>
      </div>
      <p className="small" role="status" aria-live="polite">
        {phase.name === 'sending' ? t('evisit.review.sending') : ''}
      </p>
    </div>
  );
}
