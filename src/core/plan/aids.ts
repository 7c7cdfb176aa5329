/**
 * Which decision aids a visit's shared plan says were shown: one CarePlan.note per aid and day,
 * naming the aid in words (for any reader of the record) and as a coding in the
 * `decision-aid-shown` extension (for the metrics). The note has no author on purpose: a note by
 * the clinician dated today is their visit summary (`planContent`), and an aid note must never be
 * taken for it.
 */
import type { Annotation, CarePlan, CarePlanActivity } from 'fhir/r4';
import { ACTIVITY_KEY_EXT, CG_DECISION_AID, DECISION_AID_SHOWN_EXT } from '../fhir/vocabulary';
import { fhirText } from '../workspace/xhtml';
import { withNarrative, type NarrativeLabels } from './narrative';
import { activityKind, aidNoteId } from './view';

export interface AidShown {
  id: string;
  /** The aid's title in the plan's language. */
  title: string;
  /** YYYY-MM-DD. */
  date: string;
}

/**
 * The plan with a note that `aid` was shown on `date`; the same plan (same object) when it already
 * says so, so the write runtime has nothing to write.
 */
export function withAidShown(
  plan: CarePlan,
  aid: AidShown,
  words: { shown: (title: string) => string },
  labels?: NarrativeLabels,
): CarePlan {
  const notes = plan.note ?? [];
  if (notes.some((n) => aidNoteId(n) === aid.id && (n.time ?? '').startsWith(aid.date))) return plan;
  const coding = { system: CG_DECISION_AID, code: aid.id, display: fhirText(aid.title) };
  const note: Annotation = {
    time: aid.date,
    text: fhirText(words.shown(aid.title)),
    extension: [{ url: DECISION_AID_SHOWN_EXT, valueCoding: coding }],
  };
  return withNarrative({ ...plan, note: [...notes, note] }, labels);
}

/** Every aid the plan records as shown, first showing first, each once. */
export function aidsShown(plan: CarePlan | undefined): string[] {
  const ids = (plan?.note ?? []).map(aidNoteId).filter((x): x is string => x !== undefined);
  return [...new Set(ids)];
}

const PROMPT_KEY = /^prompt:(.+)$/;

/** The prompt rules the plan holds a decision for (`prompt:R1` activities in any group). */
export function promptsInPlan(plan: CarePlan | undefined): string[] {
  const rules = (plan?.activity ?? [])
    .filter((a: CarePlanActivity) => activityKind(a) !== undefined)
    .map((a) => a.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString ?? '')
    .map((k) => PROMPT_KEY.exec(k)?.[1])
    .filter((x): x is string => x !== undefined);
  return [...new Set(rules)];
}
