import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import {
  agreedLabel,
  promptLanguage,
  promptText,
  toCard,
  type CdsCard,
  type AgreedDecision,
  type OverrideReasonCode,
  type Prompt,
  type PromptKind,
  type RuleId,
} from '../core/prompts';
import { patientGender } from '../i18n/instance';
import type { CodeNames, EvidencePart } from '../core/prompts/evidence';
import { formatDate } from '../ui/format';
import type { PromptsState } from './usePrompts';
import { RULES_WITH_AIDS } from '../core/aids/rules';
import { AidSection, type AidShownInput } from './aids/AidSection';
import './prompts.css';

export interface PromptDecisions {
  patientId: string;
  canWrite: boolean;
  agreed: Map<RuleId, AgreedDecision>;
  accept(prompt: Prompt): Promise<void>;
  decline(prompt: Prompt, reason: OverrideReasonCode, note: string): Promise<void>;
  /** A piece of evidence (`Condition/1`) as the chart shows it; `codes` name bare codes. */
  describe(reference: string, codes?: CodeNames): EvidencePart;
  /** Notes in the shared plan that these decision aids were shown to the patient. */
  aidShown?(aids: readonly AidShownInput[]): Promise<void>;
}

type Saving =
  { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'failed'; message: string };

const GROUP: Record<PromptKind, 'missing' | 'lowValue' | 'safety'> = {
  underuse: 'missing',
  acp: 'missing',
  overuse: 'lowValue',
  deintensify: 'lowValue',
  'shared-decision': 'lowValue',
  safety: 'safety',
};

/** One evidence bullet: name, value and date in the UI language, linked to the entry when it is on screen. */
function Evidence({ part }: { part: EvidencePart }) {
  const { t, i18n } = useTranslation();
  if (part.kind === 'missing') return <>{t('prompts.evidence.missing', { reference: part.reference })}</>;
  if (part.kind === 'patient')
    return (
      <>
        {part.age === undefined
          ? t('prompts.evidence.patient')
          : t('prompts.evidence.age', { age: part.age })}
      </>
    );
  const name =
    part.name ??
    (part.code
      ? part.code.list
        ? t('prompts.evidence.code', { code: part.code.code, list: part.code.list })
        : t('prompts.evidence.codeOnly', { code: part.code.code })
      : t(`prompts.evidence.type.${part.resourceType}`, { defaultValue: part.resourceType }));
  const what = part.value ? t('prompts.evidence.withValue', { what: name, value: part.value }) : name;
  const date = formatDate(part.date, i18n.language);
  const words = date ? t('prompts.evidence.onDate', { what, date }) : what;
  return part.anchor ? <a href={`#${part.anchor}`}>{words}</a> : <>{words}</>;
}

function DeclineForm({
  prompt,
  reasons,
  onSubmit,
  onCancel,
}: {
  prompt: Prompt;
  /** The card's overrideReasons. */
  reasons: CdsCard['overrideReasons'];
  onSubmit: (reason: OverrideReasonCode, note: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<OverrideReasonCode | ''>('');
  const [note, setNote] = useState('');
  const name = `decline-${prompt.rule}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason) onSubmit(reason, note);
  };
  return (
    <form className="decline" onSubmit={submit}>
      <fieldset>
        <legend>{t('prompts.declineLegend')}</legend>
        {reasons.map((r) => (
          <label key={r.code} className="choice">
            <input
              type="radio"
              name={name}
              value={r.code}
              checked={reason === r.code}
              onChange={() => setReason(r.code as OverrideReasonCode)}
              required
            />{' '}
            {r.display}
          </label>
        ))}
      </fieldset>
      <label className="field">
        {t('prompts.declineNote')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
      </label>
      <div className="buttons">
        <button type="submit" disabled={!reason}>
          {t('prompts.saveDecline')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('prompts.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One prompt: accept, decline with a reason, or set aside (also inline in the e-visit reply). */
export function PromptCard({
  prompt,
  decisions,
  onLater,
  codes,
}: {
  prompt: Prompt;
  decisions: PromptDecisions;
  onLater: () => void;
  codes: CodeNames | undefined;
}) {
  const { t, i18n } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const [saving, setSaving] = useState<Saving>({ state: 'idle' });
  const [retry, setRetry] = useState<(() => void) | undefined>();
  // The card is rendered from its CDS Hooks shape, the same one a CDS Hooks service would return,
  // in the screen's language and agreeing with the patient's gender.
  const lang = promptLanguage(i18n.language);
  const gender = patientGender(i18n);
  const card = toCard(prompt, decisions.patientId, lang, gender);
  const text = promptText(prompt, lang, gender);
  const suggestion = card.suggestions[0];
  const agreed = decisions.agreed.get(prompt.rule);
  const agreedAction = agreed && agreedLabel(prompt, agreed.label, lang);
  const headingId = `prompt-${prompt.rule}`;

  const run = (work: () => Promise<void>) => {
    const attempt = () => {
      setSaving({ state: 'saving' });
      work().then(
        () => {
          setSaving({ state: 'saved' });
          setDeclining(false);
        },
        (err: unknown) => {
          setSaving({ state: 'failed', message: err instanceof Error ? err.message : String(err) });
          setRetry(() => attempt);
        },
      );
    };
    attempt();
  };

  return (
    <article
      className={`prompt-card ${prompt.kind} indicator-${card.indicator}`}
      aria-labelledby={headingId}
      data-rule={prompt.rule}
      data-indicator={card.indicator}
    >
      <p className="prompt-kind">{t(`prompts.kind.${prompt.kind}`)}</p>
      <h4 id={headingId}>{card.summary}</h4>
      <p>{text.detail}</p>
      {prompt.priorities.length > 0 && (
        <div className="prompt-priority">
          <strong>{t('prompts.reworded')}:</strong>
          <ul>
            {prompt.priorities.map((p) => (
              <li key={p.reference}>
                <q>{p.text}</q>
              </li>
            ))}
          </ul>
        </div>
      )}
      {(text.benefits || text.harms) && (
        <dl className="benefits-harms">
          {text.benefits && (
            <>
              <dt>{t('prompts.benefits')}</dt>
              <dd>{text.benefits}</dd>
            </>
          )}
          {text.harms && (
            <>
              <dt>{t('prompts.harms')}</dt>
              <dd>{text.harms}</dd>
            </>
          )}
        </dl>
      )}
      {RULES_WITH_AIDS.has(prompt.rule) && <AidSection prompt={prompt} decisions={decisions} />}
      <details>
        <summary>{t('prompts.why')}</summary>
        <ul className="small">
          {prompt.evidence.map((ref) => (
            <li key={ref}>
              <Evidence part={decisions.describe(ref, codes)} />
            </li>
          ))}
        </ul>
        {text.notes.length > 0 && (
          <>
            <p className="small">
              <strong>{t('prompts.notes')}</strong>
            </p>
            <ul className="small">
              {text.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
        <p className="small">
          {t('prompts.source')}: {card.source.label} — {prompt.source.citation}
        </p>
      </details>
      {agreed ? (
        <p className="prompt-agreed" role="status">
          {agreed.date
            ? t('prompts.agreedOn', { date: formatDate(agreed.date, i18n.language), action: agreedAction })
            : t('prompts.agreed', { action: agreedAction })}
        </p>
      ) : !decisions.canWrite ? (
        <p className="muted small">{t('prompts.readOnly')}</p>
      ) : declining ? (
        <DeclineForm
          prompt={prompt}
          reasons={card.overrideReasons}
          onCancel={() => setDeclining(false)}
          onSubmit={(reason, note) => run(() => decisions.decline(prompt, reason, note))}
        />
      ) : (
        <div className="buttons">
          <button
            type="button"
            onClick={() => run(() => decisions.accept(prompt))}
            disabled={saving.state === 'saving'}
          >
            {t('prompts.accept', { action: suggestion?.label ?? '' })}
          </button>
          <button type="button" className="secondary" onClick={() => setDeclining(true)}>
            {t('prompts.decline')}
          </button>
          <button type="button" className="secondary" onClick={onLater}>
            {t('prompts.later')}
          </button>
        </div>
      )}
      <div aria-live="polite">
        {saving.state === 'saving' && <p className="muted small">{t('prompts.saving')}</p>}
        {saving.state === 'saved' && <p className="small">{t('prompts.saved')}</p>}
        {saving.state === 'failed' && (
          <div className="error small" role="alert">
            <p>{t('prompts.saveFailed', { message: saving.message })}</p>
            {retry && (
              <button type="button" onClick={retry}>
                {t('prompts.retry')}
              </button>
            )}
          </div>
        )}
      </div>
    </article>
  );
}

/** The value-care prompts as cards, grouped so missing care and low-value care are told apart. */
export function PromptCards({ state, decisions }: { state: PromptsState; decisions: PromptDecisions }) {
  const { t } = useTranslation();
  const [later, setLater] = useState<Set<RuleId>>(new Set());
  return (
    <section
      className="panel prompts"
      aria-labelledby="prompts-heading"
      aria-busy={state.status === 'waiting'}
    >
      <h2 id="prompts-heading">{t('prompts.title')}</h2>
      <p className="muted small">{t('prompts.intro')}</p>
      {state.status === 'waiting' && (
        <p className="muted" role="status">
          {t('prompts.loading')}
        </p>
      )}
      {state.status === 'failed' && (
        <div className="error" role="alert">
          <p>{t('prompts.failed')}</p>
          <p className="small">{state.message}</p>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          {state.result.prompts.length === 0 && <p className="empty">{t('prompts.none')}</p>}
          {(['safety', 'missing', 'lowValue'] as const).map((group) => {
            const items = state.result.prompts.filter((p) => GROUP[p.kind] === group && !later.has(p.rule));
            if (items.length === 0) return null;
            return (
              <div key={group} className={`prompt-group ${group}`}>
                <h3>{t(`prompts.groups.${group}`)}</h3>
                {items.map((p) => (
                  <PromptCard
                    key={p.rule}
                    prompt={p}
                    decisions={decisions}
                    codes={state.codes}
                    onLater={() => setLater((prev) => new Set(prev).add(p.rule))}
                  />
                ))}
              </div>
            );
          })}
          {later.size > 0 && (
            <p className="small">
              {t('prompts.laterHidden', { count: later.size })}{' '}
              <button type="button" className="link" onClick={() => setLater(new Set())}>
                {t('prompts.showLater')}
              </button>
            </p>
          )}
          {state.result.suppressed.length > 0 && (
            <details className="small">
              <summary>
                {t('prompts.suppressed')} ({state.result.suppressed.length})
              </summary>
              <ul>
                {state.result.suppressed.map((s) => (
                  <li key={`${s.rule}-${s.reason}`}>
                    {s.rule}: {t(`prompts.suppressedReason.${s.reason}`)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
