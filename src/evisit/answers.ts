/** How an e-visit answer reads on screen, and the draft kept while the patient answers. */
import type { Identifier, QuestionnaireItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import type { TFunction } from '../i18n/instance';
import { CELSIUS, type EvisitKind, type SubmissionIds } from '../core/evisit';
import { formatNumber } from '../core/text/locale';
import { formatDate } from '../ui/format';
import { optionText, unitOf } from './Question';

export type AnswerMap = Map<string, QuestionnaireResponseItemAnswer[]>;

export interface EvisitDraft {
  answers: [string, QuestionnaireResponseItemAnswer[]][];
  /** Minted when the patient first pressed Send; every retry sends the same creates. */
  ids?: SubmissionIds;
  authored?: string;
  /** What was saved so far, so a retry continues (the QR's server id for the Task's focus). */
  qrId?: string;
}

export const draftKey = (kind: EvisitKind) => `evisit:${kind}`;
/** Which e-visit was open, so a reload comes back to it. */
export const OPEN_KEY = 'evisit:open';

export function answerText(
  item: QuestionnaireItem | undefined,
  answers: readonly QuestionnaireResponseItemAnswer[] | undefined,
  t: TFunction,
  lang: string,
): string {
  const parts = (answers ?? []).flatMap((a) => {
    if (a.valueBoolean !== undefined) return [t(a.valueBoolean ? 'evisit.answer.yes' : 'evisit.answer.no')];
    const n = a.valueDecimal ?? a.valueInteger;
    if (n !== undefined) {
      // A temperature answered before units were offered (Questionnaire 1.0.0) was in °C.
      const unit = item
        ? (unitOf(item) ?? (item.type === 'quantity' ? CELSIUS.display : undefined))
        : undefined;
      return [unit ? `${formatNumber(n, lang)} ${unit}` : formatNumber(n, lang)];
    }
    if (a.valueQuantity?.value !== undefined)
      return [`${formatNumber(a.valueQuantity.value, lang)} ${a.valueQuantity.unit ?? ''}`.trim()];
    if (a.valueDate) return [formatDate(a.valueDate, lang) ?? a.valueDate];
    if (a.valueString) return [a.valueString];
    if (a.valueCoding) return [optionText(a.valueCoding, lang)];
    return [];
  });
  return parts.length ? parts.join(', ') : t('evisit.answer.empty');
}

export function sameIdentifier(a: Identifier | undefined, b: Identifier | undefined): boolean {
  return !!a && !!b && a.system === b.system && a.value === b.value;
}
