/**
 * Prompts as CDS Hooks 2.0 cards: the app renders this shape, and a CDS Hooks service can return it
 * unchanged. A card is a conversation starter — its suggestion adds a shared-care-plan activity,
 * never an order — and its override reasons are the ones a decline records.
 */
import type { Coding } from 'fhir/r4';
import { escapeMarkdown, msg, render, type GrammaticalGender, type PromptLanguage } from './messages/index';
import { promptText } from './text';
import type { Prompt, PromptKind } from './types';
import { CG_CODESYSTEM_BASE } from '../fhir/vocabulary';

export const OVERRIDE_REASON_SYSTEM = `${CG_CODESYSTEM_BASE}/override-reason`;

export const OVERRIDE_REASONS = [
  { code: 'patient-declined' },
  { code: 'not-a-priority' },
  { code: 'already-addressed' },
  { code: 'clinical-reason' },
  { code: 'does-not-apply' },
] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASONS)[number]['code'];

/** An override reason in words. */
export function overrideReasonText(
  code: OverrideReasonCode,
  lang: PromptLanguage = 'en',
  gender?: GrammaticalGender,
): string {
  return render(msg(`reason.${code}` as const), lang, gender);
}

/**
 * The reason as a Coding. Its display is the code system's own (English) unless a language is
 * asked for, as on a card shown to the user.
 */
export function overrideReason(
  code: OverrideReasonCode,
  lang: PromptLanguage = 'en',
  gender?: GrammaticalGender,
): Coding {
  return { system: OVERRIDE_REASON_SYSTEM, code, display: overrideReasonText(code, lang, gender) };
}

export interface CdsCard {
  uuid: string;
  summary: string;
  detail: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; topic?: Coding };
  suggestions: {
    label: string;
    uuid: string;
    isRecommended: boolean;
    actions: { type: 'create' | 'update'; description: string }[];
  }[];
  selectionBehavior: 'at-most-one';
  overrideReasons: Coding[];
  links: { label: string; url: string; type: 'absolute' }[];
}

/** A safety problem is a warning; everything else starts a conversation. */
const INDICATOR: Record<PromptKind, CdsCard['indicator']> = {
  safety: 'warning',
  underuse: 'info',
  overuse: 'info',
  deintensify: 'info',
  acp: 'info',
  'shared-decision': 'info',
};

/** The card in a language (English unless asked); Spanish agrees with the patient's gender. */
export function toCard(
  prompt: Prompt,
  patientId: string,
  lang: PromptLanguage = 'en',
  gender?: GrammaticalGender,
): CdsCard {
  // `detail` is markdown: the record's values in it are escaped (promptText's markdown format).
  const text = promptText(prompt, lang, gender);
  const marked = promptText(prompt, lang, gender, 'markdown');
  const say = (m: Parameters<typeof msg>[0], params: Parameters<typeof msg>[1]) =>
    render(msg(m, params), lang, gender);
  const detail = [
    marked.detail,
    ...marked.notes.map((n) => `- ${n}`),
    marked.benefits ? say('card.benefits', { text: marked.benefits }) : '',
    marked.harms ? say('card.harms', { text: marked.harms }) : '',
    // The citation is the app's own words, yet not markup: escaped to read as written.
    say('card.source', { citation: escapeMarkdown(prompt.source.citation) }),
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    uuid: `${patientId}-${prompt.rule}`,
    summary: text.summary,
    detail,
    indicator: INDICATOR[prompt.kind],
    source: {
      label: prompt.source.label,
      topic: { system: `${CG_CODESYSTEM_BASE}/value-care-rule`, code: prompt.rule },
    },
    suggestions: [
      {
        label: text.action,
        uuid: `${patientId}-${prompt.rule}-accept`,
        isRecommended: false,
        actions: [{ type: 'update', description: say('card.addToPlan', { action: text.action }) }],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS.map((r) => overrideReason(r.code, lang, gender)),
    links: [],
  };
}
