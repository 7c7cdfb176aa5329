/**
 * A prompt's words in one language: what the clinician reads on the card, the CLI prints and a CDS
 * Hooks card carries. A patient's stated priority rewords the prompt here (§11.3), in the same
 * language; the patient's own words are quoted as they were recorded.
 */
import { acceptedAction } from './actions';
import { msg, PROMPT_LANGUAGES, render, type GrammaticalGender, type PromptLanguage } from './messages/index';
import type { Prompt } from './types';

export interface PromptText {
  /** One line, < 140 characters: fits a CDS Hooks card summary. */
  summary: string;
  detail: string;
  notes: string[];
  benefits?: string;
  harms?: string;
  /** What accepting adds to the shared care plan. */
  action: string;
}

/** CDS Hooks card summaries must stay under 140 characters; a long one ends at a word, never inside one. */
export function fit(summary: string): string {
  if (summary.length < 140) return summary;
  const cut = summary.slice(0, 139).lastIndexOf(' ');
  return `${summary.slice(0, cut > 0 ? cut : 138).replace(/[\s,;:.—-]+$/, '')}…`;
}

export function promptText(
  prompt: Prompt,
  lang: PromptLanguage = 'en',
  gender?: GrammaticalGender,
): PromptText {
  const say = (m: Prompt['summary']) => render(m, lang, gender);
  let summary = say(prompt.summary);
  let detail = say(prompt.detail);
  if (prompt.priorities.length > 0) {
    const words = prompt.priorities
      .map((p) =>
        say(
          msg('priority.quoted', {
            text: p.text || msg(p.kind === 'end-of-life-goal' ? 'priority.endOfLife' : 'priority.burdensome'),
          }),
        ),
      )
      .join('; ');
    summary = say(msg('priority.summary', { summary: summary.replace(/[.:]?$/, '') }));
    detail = say(msg('priority.detail', { words, detail }));
  }
  const benefits = prompt.benefitsHarms?.benefits;
  const harms = prompt.benefitsHarms?.harms;
  return {
    summary: fit(summary),
    detail,
    notes: prompt.notes.map(say),
    ...(benefits ? { benefits: say(benefits) } : {}),
    ...(harms ? { harms: say(harms) } : {}),
    action: acceptedAction(prompt, lang).label,
  };
}

/**
 * An agreed decision's words for the screen: the app's own action label, in whichever language it
 * was written into the plan, is shown in `lang`; anything else (a label someone edited) as written.
 */
export function agreedLabel(prompt: Prompt, stored: string, lang: PromptLanguage): string {
  const ours = PROMPT_LANGUAGES.map((l) => acceptedAction(prompt, l).label);
  return ours.includes(stored) ? acceptedAction(prompt, lang).label : stored;
}
