/**
 * A prompt's words in one language: what the clinician reads on the card, the CLI prints and a CDS
 * Hooks card carries. A patient's stated priority rewords the prompt here (§11.3), in the same
 * language; the patient's own words are quoted as they were recorded.
 */
import { acceptedAction } from './actions';
import {
  escapeMarkdown,
  msg,
  PROMPT_LANGUAGES,
  render,
  type GrammaticalGender,
  type PromptLanguage,
} from './messages/index';
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

/**
 * CDS Hooks card summaries must stay under 140 characters; a long one ends at a word, never inside
 * one. `wrap` puts words around the summary that must survive the cut whole (the priority marker,
 * "— in light of their stated priority."): the summary inside is cut to leave room for them.
 */
export function fit(summary: string, wrap: (inner: string) => string = (s) => s): string {
  const whole = wrap(summary);
  if (whole.length < 140) return whole;
  // 139 at most: the wrapping, the ellipsis and the summary cut at its last whole word.
  const room = 139 - wrap('').length - 1;
  const cut = summary.slice(0, room + 1).lastIndexOf(' ');
  return wrap(`${summary.slice(0, cut > 0 ? cut : room).replace(/[\s,;:.—-]+$/, '')}…`);
}

/**
 * `text` (the default): plain words, as the app's screens and the CLI show them. `markdown`: the
 * detail, notes, benefits and harms as markdown (a CDS Hooks card's `detail`), every value from the
 * record in them escaped so a client shows it literally; the summary and action stay plain text,
 * as CDS Hooks has them.
 */
export type TextFormat = 'text' | 'markdown';

export function promptText(
  prompt: Prompt,
  lang: PromptLanguage = 'en',
  gender?: GrammaticalGender,
  format: TextFormat = 'text',
): PromptText {
  const say = (m: Prompt['summary']) => render(m, lang, gender);
  const escape = format === 'markdown' ? escapeMarkdown : undefined;
  const sayMarked = (m: Prompt['summary']) => render(m, lang, gender, { escape });
  let summary = say(prompt.summary);
  let detail = sayMarked(prompt.detail);
  if (prompt.priorities.length > 0) {
    // The patient's words are escaped inside `words`; `words` and `detail` are this function's
    // own output by now, so they go into the template as they are.
    const words = prompt.priorities
      .map((p) =>
        sayMarked(
          msg('priority.quoted', {
            text: p.text || msg(p.kind === 'end-of-life-goal' ? 'priority.endOfLife' : 'priority.burdensome'),
          }),
        ),
      )
      .join('; ');
    const base = summary.replace(/[.:]?$/, '');
    // The marker that the prompt is reworded is kept whole; the prompt's own words give way.
    summary = fit(base, (inner) => say(msg('priority.summary', { summary: inner })));
    detail = say(msg('priority.detail', { words, detail }));
  }
  const benefits = prompt.benefitsHarms?.benefits;
  const harms = prompt.benefitsHarms?.harms;
  return {
    summary: fit(summary),
    detail,
    notes: prompt.notes.map(sayMarked),
    ...(benefits ? { benefits: sayMarked(benefits) } : {}),
    ...(harms ? { harms: sayMarked(harms) } : {}),
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
