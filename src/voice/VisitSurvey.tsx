import type { Encounter, Identifier, Observation, QuestionnaireResponse } from 'fhir/r4';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from '../i18n/react';
import {
  COLLABORATE_ITEMS,
  COLLABORATE_STEM,
  SCALE_HIGH,
  SCALE_LOW,
  SCALE_POINTS,
  scaleCoding,
  surveyDueEncounter,
  surveyResponse,
  surveyScore,
} from '../core/measure';
import { newIdentifier } from '../core/write/identity';
import { formatDate } from '../ui/format';
import { useVoice } from './env';
import { useDraft, useSave } from './hooks';
import { SaveStatus } from './SaveStatus';
import './measure.css';

/** Kept on the device until both writes land, so a reload or a failure loses no answer. */
interface SurveyDraft {
  encounterId: string;
  /** One per item; null = skipped (JSON has no undefined in arrays). */
  answers: (number | null)[];
  response: Identifier;
  score: Identifier;
  /** Fixed when the patient sends, so a retried create is the same create. */
  authored?: string;
  /** The response as the server saved it, while its score is still to be written. */
  saved?: QuestionnaireResponse & { id: string };
}

const EMPTY = COLLABORATE_ITEMS.map(() => null);

function Item({
  n,
  value,
  onChange,
  disabled,
}: {
  n: number;
  value: number | null;
  onChange: (v: number | null) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const item = COLLABORATE_ITEMS[n];
  if (!item) return null;
  return (
    <fieldset className="scale" aria-describedby={`${id}-ends`}>
      <legend>
        <span className="small muted">{t('measure.survey.question', { n: n + 1 })}</span>{' '}
        <span lang="en">{item.text}</span>
      </legend>
      <div className="scale-ends" id={`${id}-ends`} lang="en">
        <span>{t('measure.survey.low', { label: SCALE_LOW })}</span>
        <span>{t('measure.survey.high', { label: SCALE_HIGH })}</span>
      </div>
      {/* Native radios with one name: arrow keys move between the points, one tap picks. */}
      <div className="scale-points">
        {SCALE_POINTS.map((p) => (
          <label key={p} className="scale-point">
            <input
              type="radio"
              name={`${id}-answer`}
              value={p}
              checked={value === p}
              disabled={disabled}
              aria-label={scaleCoding(p).display}
              onChange={() => onChange(p)}
            />
            <span aria-hidden="true">{p}</span>
          </label>
        ))}
      </div>
      {value !== null && !disabled && (
        <button type="button" className="link small" onClick={() => onChange(null)}>
          {t('measure.survey.clear', { n: n + 1 })}
        </button>
      )}
    </fieldset>
  );
}

/**
 * CollaboRATE after a visit: offered once for the visit that is due one (ended in the last 48 h
 * with a clinician, no response yet). Sending writes the response (tied to the visit), then its
 * score; skipping writes a `stopped` response so the visit is not asked about again.
 */
export function VisitSurvey({
  encounters,
  responses,
}: {
  encounters: Encounter[];
  responses: QuestionnaireResponse[];
}) {
  const { t, i18n } = useTranslation();
  const env = useVoice();
  const draft = useDraft<SurveyDraft | null>('measure.survey', () => null);
  const { status, write } = useSave();
  const [done, setDone] = useState<'thanks' | 'skipped' | null>(null);
  // The visit being sent stays on screen while its response lands and stops it being "due".
  const [sending, setSending] = useState<string | undefined>();
  // The record's "now" for this screen: once per mount, so a visit does not vanish mid-answer.
  const [now] = useState(() => Date.parse(env.now()));
  const due = useMemo(() => surveyDueEncounter(encounters, responses, now), [encounters, responses, now]);

  const d = draft.value;
  // A draft for another visit that was never sent is stale; one whose score is pending is not.
  const current = d && (d.saved || d.encounterId === (due?.id ?? sending)) ? d : null;
  const encounterId = current?.encounterId ?? due?.id ?? sending;
  const visit = encounters.find((e) => e.id === encounterId);

  if (!done && (!encounterId || (!due && !current?.saved && !sending))) return null;

  const answers = current?.answers ?? EMPTY;
  const busy = status.kind === 'saving';

  const setAnswer = (n: number, v: number | null) => {
    if (!encounterId) return;
    const base: SurveyDraft = current ?? {
      encounterId,
      answers: [...EMPTY],
      response: newIdentifier(env.newId),
      score: newIdentifier(env.newId),
    };
    draft.update({ ...base, answers: base.answers.map((a, i) => (i === n ? v : a)) });
  };

  async function writeScore(saved: QuestionnaireResponse & { id: string }, score: Identifier) {
    const outcome = await write<Observation>(
      { next: surveyScore(saved, { patientId: env.patientId, identifier: score }) },
      'observations',
    );
    if (outcome.kind === 'saved' || outcome.kind === 'review') {
      draft.clear();
      setDone('thanks');
    }
  }

  async function send(skip: boolean) {
    if (!encounterId) return;
    setSending(encounterId);
    const base: SurveyDraft = current ?? {
      encounterId,
      answers: [...EMPTY],
      response: newIdentifier(env.newId),
      score: newIdentifier(env.newId),
    };
    if (base.saved) return writeScore(base.saved, base.score);
    const sending: SurveyDraft = {
      ...base,
      answers: skip ? [...EMPTY] : base.answers,
      authored: base.authored ?? env.now(),
    };
    draft.update(sending);
    const qr = surveyResponse(
      sending.answers.map((a) => a ?? undefined),
      {
        patientId: env.patientId,
        encounterId,
        identifier: sending.response,
        authored: sending.authored ?? env.now(),
      },
    );
    const outcome = await write<QuestionnaireResponse>({ next: qr }, 'questionnaireResponses');
    // A copy already on the server with this identifier is the response that stands.
    const saved =
      outcome.kind === 'saved' ? outcome.resource : outcome.kind === 'review' ? outcome.theirs : undefined;
    if (!saved?.id) return;
    if (saved.status === 'stopped') {
      draft.clear();
      setDone('skipped');
      return;
    }
    const withId = { ...saved, id: saved.id };
    draft.update({ ...sending, saved: withId });
    await writeScore(withId, sending.score);
  }

  const date = formatDate(visit?.period?.end ?? visit?.period?.start, i18n.language);
  return (
    <section className="voice-section survey" aria-labelledby="survey-heading" id="survey">
      <h2 id="survey-heading">{t('measure.survey.title')}</h2>
      {done ? (
        <p role="status" className="saved" data-testid="survey-done">
          {t(done === 'thanks' ? 'measure.survey.thanks' : 'measure.survey.skipped')}
        </p>
      ) : (
        <>
          <p className="intro">
            {date ? t('measure.survey.intro', { date }) : t('measure.survey.introNoDate')}
          </p>
          {!i18n.language.startsWith('en') && (
            <p className="notice small" data-testid="survey-english-only">
              {t('measure.survey.englishOnly')}
            </p>
          )}
          {current?.saved ? (
            busy ? null : (
              <p className="notice">{t('measure.survey.scorePending')}</p>
            )
          ) : (
            <>
              <p lang="en" className="survey-stem">
                {COLLABORATE_STEM}
              </p>
              {COLLABORATE_ITEMS.map((item, n) => (
                <Item
                  key={item.linkId}
                  n={n}
                  value={answers[n] ?? null}
                  disabled={busy}
                  onChange={(v) => setAnswer(n, v)}
                />
              ))}
            </>
          )}
          <div className="actions">
            <button type="button" onClick={() => void send(false)} disabled={busy}>
              {t('measure.survey.send')}
            </button>
            {!current?.saved && (
              <button type="button" className="secondary" onClick={() => void send(true)} disabled={busy}>
                {t('measure.survey.skip')}
              </button>
            )}
          </div>
          <SaveStatus status={status} onRetry={() => void send(false)} testId="survey-save" />
          <p className="small muted">{t('measure.survey.source')}</p>
        </>
      )}
    </section>
  );
}
