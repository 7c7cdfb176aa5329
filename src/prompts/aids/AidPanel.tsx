/**
 * A decision aid on screen or on paper: the document's plain-language line, one icon array per group
 * for each outcome that may be drawn (option A beside option B), the rest as text with "reported
 * by" where SECONDARY, what has no reliable number, the caveats, and a source line for everything.
 * Loaded on its own (see `./index.tsx`): the numbers and the drawing are not in any first bundle.
 */
import type { CarePlan } from 'fhir/r4';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from '../../i18n/react';
import {
  aidById,
  aidsForPlan,
  aidsForRule,
  presentAid,
  type Audience,
  type FigureView,
} from '../../core/aids';
import type { PromptLanguage } from '../../core/prompts/messages/types';
import type { RuleId } from '../../core/prompts/types';
import { formatNumber } from '../../core/text/locale';
import type { AidShownInput } from './AidSection';
import { FigureSwatch, IconArray } from './IconArray';
import './aids.css';

function Source({ citation, url, label }: { citation: string; url?: string | undefined; label: string }) {
  return (
    <p className="aid-source small">
      {label}:{' '}
      {url ? (
        <a href={url} target="_blank" rel="noreferrer noopener">
          {citation}
        </a>
      ) : (
        citation
      )}
    </p>
  );
}

function Figure({ figure, lang }: { figure: FigureView; lang: PromptLanguage }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(lang);
  const id = useId();
  // Grouped as the sentences write them ("1.000" in Spanish too, where 4 digits are not grouped by default).
  const n = (x: number) => formatNumber(x, lang, { useGrouping: 'always' });
  const per = figure.arms[0]?.per ?? 100;
  return (
    <figure className="aid-figure" aria-labelledby={`${id}-caption`} data-outcome={figure.outcome}>
      <figcaption id={`${id}-caption`}>
        <strong>{figure.label}</strong> <span className="muted">({figure.timeFrame})</span>
      </figcaption>
      <div className={`aid-arms arms-${figure.arms.length}`}>
        {figure.arms.map((arm) => (
          <div className="aid-arm" key={arm.option ?? 'all'} data-option={arm.option}>
            {arm.optionLabel && <h5 className="aid-option">{arm.optionLabel}</h5>}
            <p className="aid-count">
              <strong>{t('prompts.aids.outOf', { count: n(arm.count), per: n(arm.per) })}</strong>
            </p>
            <IconArray per={arm.per} count={arm.count} mark={figure.mark} name={arm.name} />
            <p className="aid-sentence small">{arm.name}</p>
          </div>
        ))}
      </div>
      <ul className="aid-legend small" aria-label={t('prompts.aids.legend')}>
        <li>
          <FigureSwatch kind={figure.mark} /> {figure.label}
        </li>
        <li>
          <FigureSwatch kind="unchanged" /> {figure.rest}
        </li>
        <li className="muted">{t('prompts.aids.perPeople', { per: n(per) })}</li>
      </ul>
      <Source citation={figure.citation} url={figure.url} label={t('prompts.aids.source')} />
    </figure>
  );
}

export interface AidPanelProps {
  rule?: RuleId;
  aidId?: string;
  lang: PromptLanguage;
  age?: number | undefined;
  audience: Audience;
  /** The heading level the aid's title takes in the page's outline. */
  level?: 3 | 4;
  /** Called once the aids are on screen (for "show the patient": the plan notes them as shown). */
  onShown?: (aids: AidShownInput[]) => void;
}

/** Every aid of a prompt rule. */
export function AidPanel({
  rule,
  lang,
  age,
  audience,
  level = 4,
  onShown,
}: AidPanelProps & { rule: RuleId }) {
  const aids = aidsForRule(rule);
  const shown = useRef(false);
  useEffect(() => {
    if (!onShown || shown.current || aids.length === 0) return;
    shown.current = true;
    onShown(aids.map((a) => ({ id: a.id, title: a.title })));
  }, [aids, onShown]);
  return (
    <>
      {aids.map((aid) => (
        <OneAid key={aid.id} aidId={aid.id} lang={lang} age={age} audience={audience} level={level} />
      ))}
    </>
  );
}

function OneAid({ aidId, lang, age, audience, level = 4 }: AidPanelProps & { aidId: string }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(lang);
  const aid = aidById(aidId);
  if (!aid) return null;
  const view = presentAid(aid, { lang, audience, ...(age !== undefined ? { age } : {}) });
  const Title = level === 3 ? 'h3' : 'h4';
  return (
    <section
      className={`decision-aid audience-${audience}`}
      data-aid={view.id}
      lang={lang}
      aria-label={view.title}
    >
      <Title className="aid-title">{view.title}</Title>
      <p className="aid-population">
        <span className="muted">{t('prompts.aids.whoFor')}:</span> {view.population}
      </p>
      {/* A one-figure aid's sentence is often the plain line itself: said once, under the figure. */}
      {!view.figures.some((f) => f.arms.some((a) => a.name === view.plain)) && (
        <p className="aid-plain">{view.plain}</p>
      )}
      {view.figures.map((f) => (
        <Figure key={f.outcome} figure={f} lang={lang} />
      ))}
      {view.notFound.length > 0 && (
        <div className="aid-not-found">
          <h5>{t('prompts.aids.notFound')}</h5>
          <ul className="small">
            {view.notFound.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {view.caveats.length > 0 && (
        <div className="aid-caveats">
          <h5>{t('prompts.aids.caveats')}</h5>
          <ul className="small">
            {view.caveats.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {view.text.length > 0 && (
        <details className="aid-text" open={audience === 'clinician' && view.figures.length === 0}>
          <summary>{t('prompts.aids.asText')}</summary>
          <p className="small muted">{t('prompts.aids.asTextHelp')}</p>
          <ul className="small">
            {view.text.map((x) => (
              <li key={x.outcome} data-outcome={x.outcome} data-secondary={x.secondary || undefined}>
                {x.text}
                <Source citation={x.citation} url={x.url} label={t('prompts.aids.source')} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The aids a shared plan was discussed with, for the patient's view and the print copy. */
export function PlanAids({
  plan,
  lang,
  age,
}: {
  plan: CarePlan;
  lang: PromptLanguage;
  age?: number | undefined;
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(lang);
  const aids = aidsForPlan(plan);
  if (aids.length === 0) return null;
  return (
    <div className="plan-aids" data-testid="plan-aids" lang={lang}>
      <h3>{t('prompts.aids.planHeading')}</h3>
      <p className="small muted">{t('prompts.aids.planIntro')}</p>
      {aids.map((a) => (
        <OneAid key={a.id} aidId={a.id} lang={lang} age={age} audience="patient" level={4} />
      ))}
    </div>
  );
}
