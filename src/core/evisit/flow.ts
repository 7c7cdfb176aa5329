/**
 * Which question comes next. Items are asked in Questionnaire order (emergency flags first), each
 * only when its `enableWhen` holds. Once a flag that ends the path is raised, only questions that
 * could reach a MORE urgent level and are still unasked are asked; then the path ends with the most
 * urgent level found. `clinician-review` does not end the path.
 */
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4';
import { endsPath, moreUrgent, type RouteLevel } from './levels';
import { itemLevel, routeOfAnswers, type Answers, type Route } from './route';

function answerValue(a: QuestionnaireResponseItemAnswer): unknown {
  return (
    a.valueBoolean ?? a.valueDecimal ?? a.valueInteger ?? a.valueDate ?? a.valueString ?? a.valueCoding?.code
  );
}

function expected(w: QuestionnaireItemEnableWhen): unknown {
  return (
    w.answerBoolean ??
    w.answerDecimal ??
    w.answerInteger ??
    w.answerDate ??
    w.answerString ??
    w.answerCoding?.code
  );
}

function holds(w: QuestionnaireItemEnableWhen, answers: Answers): boolean {
  const given = (answers.get(w.question) ?? []).map(answerValue).filter((v) => v !== undefined);
  switch (w.operator) {
    case 'exists':
      return given.length > 0 === (w.answerBoolean ?? true);
    case '=':
      return given.some((v) => v === expected(w));
    case '!=':
      return given.length > 0 && given.every((v) => v !== expected(w));
    default: {
      const target = expected(w);
      return given.some((v) => {
        if (typeof v !== typeof target || (typeof v !== 'number' && typeof v !== 'string')) return false;
        const [a, b] = [v as number | string, target as number | string];
        return w.operator === '>'
          ? a > b
          : w.operator === '<'
            ? a < b
            : w.operator === '>='
              ? a >= b
              : a <= b;
      });
    }
  }
}

/** SDC `enableWhen` (with `enableBehavior` any / all; all when there is one condition). */
export function isEnabled(item: QuestionnaireItem, answers: Answers): boolean {
  const conditions = item.enableWhen ?? [];
  if (conditions.length === 0) return true;
  return item.enableBehavior === 'any'
    ? conditions.some((w) => holds(w, answers))
    : conditions.every((w) => holds(w, answers));
}

/** Only the answers to items that are enabled count (an answer to a hidden follow-up is ignored). */
export function enabledAnswers(
  q: Questionnaire,
  answers: Answers,
): Map<string, readonly QuestionnaireResponseItemAnswer[]> {
  const out = new Map<string, readonly QuestionnaireResponseItemAnswer[]>();
  for (const item of q.item ?? []) {
    const a = answers.get(item.linkId);
    if (a && isEnabled(item, answers)) out.set(item.linkId, a);
  }
  return out;
}

/** §12's numbered questions (`uri-3`, `lbp-11.1`), as against the basics. */
const RED_FLAG_ITEM = /^(uri|lbp)-\d/;

export type Step =
  | { kind: 'ask'; item: QuestionnaireItem; route: Route }
  /** No more questions: `route` says whether the e-visit can go on (async-ok / clinician-review). */
  | { kind: 'done'; route: Route };

export function routeOf(q: Questionnaire, answers: Answers): Route {
  return routeOfAnswers(enabledAnswers(q, answers));
}

/** The next question to ask, or the end of the path. */
export function nextStep(q: Questionnaire, answers: Answers): Step {
  const current = routeOf(q, answers);
  const stopAt: RouteLevel | undefined = endsPath(current.route) ? current.route : undefined;
  for (const item of q.item ?? []) {
    if (answers.has(item.linkId) || !isEnabled(item, answers)) continue;
    if (stopAt) {
      // Only §12's red-flag questions: a basic that can raise a flag (temperature) repeats one asked already.
      if (!RED_FLAG_ITEM.test(item.linkId)) continue;
      const level = itemLevel(item.linkId);
      if (!level || !moreUrgent(level, stopAt)) continue;
    }
    return { kind: 'ask', item, route: current };
  }
  return { kind: 'done', route: current };
}

/** The items on the patient's path so far, in order: enabled and answered (or left empty). */
export function askedItems(q: Questionnaire, answers: Answers): QuestionnaireItem[] {
  return (q.item ?? []).filter((item) => answers.has(item.linkId) && isEnabled(item, answers));
}

/** True when a required item has no answer. */
export function isMissing(
  item: QuestionnaireItem,
  answers: readonly QuestionnaireResponseItemAnswer[] | undefined,
): boolean {
  return item.required === true && (answers ?? []).every((a) => answerValue(a) === undefined);
}
