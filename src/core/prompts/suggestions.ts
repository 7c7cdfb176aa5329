/**
 * A card's suggestions as FHIR actions an EHR can carry out, where the prompt has an agreed action:
 * R1 proposes a statin (a MedicationRequest the clinician reviews and signs, never an order), and an
 * order-time overuse prompt offers to remove the draft order that made it fire. Every other decision
 * is recorded in the shared care plan, in the app (the card's SMART link).
 */
import type { MedicationRequest, Resource } from 'fhir/r4';
import { RXNORM } from '../fhir/vocabulary';
import { msg, render, type GrammaticalGender, type PromptLanguage } from './messages/index';
import type { DraftOrder } from './order-time';
import { refOf } from './record';
import { promptText } from './text';
import type { Prompt } from './types';

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Resource;
  /** A relative reference (`Type/id`), for `delete`. */
  resourceId?: string;
}

export interface CdsSuggestion {
  label: string;
  isRecommended: boolean;
  actions: CdsAction[];
}

/**
 * The statin to propose, by R1's variant: high intensity up to 75 and to intensify, moderate over 75
 * (ACC/AHA 2018 as value-care-rules.md §R1 gives it). The products are the first examples that
 * section's satisfier table names; the clinician may change the product or dose before signing.
 */
const STATIN: Record<string, { code: string; display: string }> = {
  start: { code: '617311', display: 'atorvastatin 40 MG Oral Tablet' },
  intensify: { code: '617311', display: 'atorvastatin 40 MG Oral Tablet' },
  'over-75': { code: '617310', display: 'atorvastatin 20 MG Oral Tablet' },
};

function orderName(d: DraftOrder): string {
  const cc = d.resourceType === 'MedicationRequest' ? d.medicationCodeableConcept : d.code;
  return cc?.text ?? cc?.coding?.find((c) => c.display)?.display ?? cc?.coding?.[0]?.code ?? refOf(d);
}

export function promptSuggestions(
  prompt: Prompt,
  ctx: {
    patientId: string;
    drafts?: readonly DraftOrder[];
    lang?: PromptLanguage;
    gender?: GrammaticalGender;
  },
): CdsSuggestion[] {
  const lang = ctx.lang ?? 'en';
  const say = (m: Parameters<typeof msg>[0], params: Parameters<typeof msg>[1]) =>
    render(msg(m, params), lang, ctx.gender);
  const drafts = (ctx.drafts ?? []).filter((d) => d.id);
  if (drafts.length > 0) {
    return [
      {
        label: promptText(prompt, lang, ctx.gender).action,
        isRecommended: true,
        actions: drafts.map((d) => ({
          type: 'delete',
          description: say('card.removeDraft', { order: orderName(d) }),
          resourceId: refOf(d),
        })),
      },
    ];
  }
  const statin = prompt.rule === 'R1' ? STATIN[prompt.variant] : undefined;
  if (statin) {
    // Stepping up replaces the low-intensity statin the patient takes: the proposal names it, so
    // signing it does not leave two statins on the list.
    const replaces =
      prompt.variant === 'intensify'
        ? prompt.evidence.find((ref) => ref.startsWith('MedicationRequest/'))
        : undefined;
    const proposal: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: `Patient/${ctx.patientId}` },
      medicationCodeableConcept: { coding: [{ system: RXNORM, ...statin }], text: statin.display },
      reasonReference: prompt.evidence
        .filter((ref) => ref.startsWith('Condition/') || ref.startsWith('Observation/'))
        .map((reference) => ({ reference })),
      ...(replaces ? { priorPrescription: { reference: replaces } } : {}),
    };
    return [
      {
        label: promptText(prompt, lang, ctx.gender).action,
        isRecommended: false,
        actions: [
          {
            type: 'create',
            description: say(
              prompt.variant === 'intensify' ? 'card.proposeStatinInstead' : 'card.proposeStatin',
              {
                drug: statin.display,
              },
            ),
            resource: proposal,
          },
        ],
      },
    ];
  }
  return [];
}
