/**
 * Stewardship inline in the e-visit reply (issue 11): when the clinician's plan is an antibiotic or
 * imaging, the R7 / R6 prompt about that order shows here before the reply is sent, with the same
 * accept / decline-with-reason recording as the visit workspace. The review screen is told the
 * state through `onStateChange` — once per change, never on a re-render that changed nothing.
 */
import type { Condition } from 'fhir/r4';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { Proposal } from '../../core/evisit/stewardship';
import { acceptedAction, promptLanguage, promptText, type Prompt, type RuleId } from '../../core/prompts';
import { patientGender } from '../../i18n';
import { PromptCard } from '../../prompts/PromptCards';
import type { RecordProps } from '../../ui/RecordContext';
import { useOrderStewardship, type Decision, type StewardshipState } from './useOrderStewardship';

export type { StewardshipState } from './useOrderStewardship';

export interface OrderStewardshipProps {
  /** The record as the app's record loader gives it (the same props the workspace's prompts get). */
  record: RecordProps;
  /** The order the clinician intends (`intent` proposal), or none for self-care / a booked visit. */
  proposal: Proposal | undefined;
  /**
   * The diagnosis the reply will record, not written yet. Without it the order's `reasonCode`, or a
   * diagnosis already in the record, is what the rules read.
   */
  diagnosis?: Condition;
  onStateChange(state: StewardshipState): void;
}

/**
 * A prompt decided in this review: what was decided, in place of the buttons. (The workspace's card
 * never needs this: there a decline silences the prompt and the card goes.)
 */
function DecidedCard({
  prompt,
  decision,
  onChange,
}: {
  prompt: Prompt;
  decision: Decision;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = promptLanguage(i18n.language);
  const headingId = `stewardship-${prompt.rule}`;
  return (
    <article
      className={`prompt-card ${prompt.kind} decided`}
      aria-labelledby={headingId}
      data-rule={prompt.rule}
      data-decision={decision.kind}
    >
      <h4 id={headingId}>{promptText(prompt, lang, patientGender(i18n)).summary}</h4>
      <p className="prompt-agreed" role="status">
        {decision.kind === 'accepted'
          ? t('prompts.stewardship.acceptedAs', { action: acceptedAction(prompt, lang).label })
          : t('prompts.stewardship.declinedAs', { reason: t(`prompts.reason.${decision.reasonCode}`) })}
      </p>
      {decision.kind === 'declined' && decision.note && (
        <p className="small">
          {t('prompts.stewardship.note')}: <q>{decision.note}</q>
        </p>
      )}
      <p className="small">
        {t('prompts.saved')}{' '}
        <button type="button" className="link" onClick={onChange}>
          {t('prompts.stewardship.change')}
        </button>
      </p>
    </article>
  );
}

export function OrderStewardship({ record, proposal, diagnosis, onStateChange }: OrderStewardshipProps) {
  const { t } = useTranslation();
  const { evaluation, state, decided, decisions, retry } = useOrderStewardship(record, proposal, diagnosis);
  const [later, setLater] = useState<ReadonlySet<RuleId>>(new Set());
  // Rules whose decision the clinician reopened: the full card again, until decided anew.
  const [reopened, setReopened] = useState<ReadonlySet<RuleId>>(new Set());
  const without = (set: ReadonlySet<RuleId>, rule: RuleId) => new Set([...set].filter((r) => r !== rule));
  const decidedNow: typeof decisions = {
    ...decisions,
    accept: async (p) => {
      await decisions.accept(p);
      setReopened((prev) => without(prev, p.rule));
    },
    decline: async (p, reason, note) => {
      await decisions.decline(p, reason, note);
      setReopened((prev) => without(prev, p.rule));
    },
  };

  // The parent may pass a new function on every render; only a changed state is news to it.
  const notify = useRef(onStateChange);
  notify.current = onStateChange;
  const stateKey = JSON.stringify(state);
  useEffect(() => {
    notify.current(JSON.parse(stateKey) as StewardshipState);
  }, [stateKey]);

  if (evaluation.status === 'idle') return null;
  return (
    <section
      className="panel prompts stewardship"
      aria-labelledby="stewardship-heading"
      aria-busy={evaluation.status === 'waiting'}
      data-state={state.kind}
    >
      <h3 id="stewardship-heading">{t('prompts.stewardship.heading')}</h3>
      {evaluation.status === 'waiting' && (
        <p className="muted" role="status">
          {t('prompts.stewardship.loading')}
        </p>
      )}
      {evaluation.status === 'failed' && (
        <div className="error" role="alert">
          <p>{t('prompts.stewardship.failed', { message: evaluation.message })}</p>
          <button type="button" onClick={retry}>
            {t('prompts.retry')}
          </button>
        </div>
      )}
      {evaluation.status === 'ready' && evaluation.prompts.length === 0 && (
        <p className="empty" role="status">
          {t('prompts.stewardship.none')}
        </p>
      )}
      {evaluation.status === 'ready' && evaluation.prompts.length > 0 && (
        <>
          <p className="muted small">{t('prompts.stewardship.intro')}</p>
          {evaluation.prompts.map((p) => {
            const decision = decided.get(p.rule);
            if (decision && !reopened.has(p.rule))
              return (
                <DecidedCard
                  key={p.rule}
                  prompt={p}
                  decision={decision}
                  onChange={() => setReopened((prev) => new Set(prev).add(p.rule))}
                />
              );
            return later.has(p.rule) ? (
              <p key={p.rule} className="small">
                {t('prompts.stewardship.setAside')}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => setLater((prev) => new Set([...prev].filter((rule) => rule !== p.rule)))}
                >
                  {t('prompts.stewardship.showAgain')}
                </button>
              </p>
            ) : (
              <PromptCard
                key={p.rule}
                prompt={p}
                decisions={decidedNow}
                codes={evaluation.codes}
                onLater={() => setLater((prev) => new Set(prev).add(p.rule))}
              />
            );
          })}
        </>
      )}
    </section>
  );
}

export default OrderStewardship;
