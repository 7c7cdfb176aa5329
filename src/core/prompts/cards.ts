/**
 * Prompts as CDS Hooks 2.0 cards: the app renders this shape, and a CDS Hooks service can return it
 * unchanged. A card is a conversation starter — its suggestion adds a shared-care-plan activity,
 * never an order — and its override reasons are the ones a decline records.
 */
import type { Coding } from 'fhir/r4';
import { acceptedAction } from './actions';
import type { Prompt, PromptKind } from './types';
import { CG_CODESYSTEM_BASE } from '../fhir/vocabulary';

export const OVERRIDE_REASON_SYSTEM = `${CG_CODESYSTEM_BASE}/override-reason`;

export const OVERRIDE_REASONS = [
  { code: 'patient-declined', display: 'Patient declined after discussion' },
  { code: 'not-a-priority', display: 'Not a priority for the patient now' },
  { code: 'already-addressed', display: 'Already addressed elsewhere' },
  { code: 'clinical-reason', display: 'Clinical reason (see note)' },
  { code: 'does-not-apply', display: 'Does not apply to this patient' },
] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASONS)[number]['code'];

export function overrideReason(code: OverrideReasonCode): Coding {
  const r = OVERRIDE_REASONS.find((x) => x.code === code);
  return { system: OVERRIDE_REASON_SYSTEM, code, ...(r ? { display: r.display } : {}) };
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

export function toCard(prompt: Prompt, patientId: string): CdsCard {
  const action = acceptedAction(prompt);
  const detail = [
    prompt.detail,
    ...prompt.notes.map((n) => `- ${n}`),
    prompt.benefitsHarms?.benefits ? `Benefits: ${prompt.benefitsHarms.benefits}` : '',
    prompt.benefitsHarms?.harms ? `Harms: ${prompt.benefitsHarms.harms}` : '',
    `Source: ${prompt.source.citation}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    uuid: `${patientId}-${prompt.rule}`,
    summary: prompt.summary,
    detail,
    indicator: INDICATOR[prompt.kind],
    source: {
      label: prompt.source.label,
      topic: { system: `${CG_CODESYSTEM_BASE}/value-care-rule`, code: prompt.rule },
    },
    suggestions: [
      {
        label: action.label,
        uuid: `${patientId}-${prompt.rule}-accept`,
        isRecommended: false,
        actions: [{ type: 'update', description: `Add to the shared care plan: ${action.label}` }],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS.map((r) => overrideReason(r.code)),
    links: [],
  };
}
