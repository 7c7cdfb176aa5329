/**
 * Order-time evaluation (CDS Hooks `order-select` / `order-sign`; value-care-rules.md §14 D20): the
 * draft orders the clinician is about to place count as "ordered" for the overuse triggers, exactly
 * as an active ServiceRequest / MedicationRequest does (§0.5). A draft never satisfies an underuse
 * rule (D2), so only the overuse rules' prompts that a draft made fire are order-time prompts.
 */
import type { MedicationRequest, Resource, ServiceRequest } from 'fhir/r4';
import type { CodeSets } from './codes';
import { evaluatePrompts } from './engine';
import { refOf } from './record';
import type { EvaluationResult, Prompt, RuleId, SuppressedPrompt } from './types';

export type DraftOrder = MedicationRequest | ServiceRequest;

/** D20's list: the rules whose trigger is an order (R3 Pap/HPV … R9d vitamin D). */
export const ORDER_TIME_RULES: readonly RuleId[] = ['R3', 'R6', 'R7', 'R8b', 'R9a', 'R9b', 'R9c', 'R9d'];

export function isDraftOrder(r: Resource): r is DraftOrder {
  return r.resourceType === 'MedicationRequest' || r.resourceType === 'ServiceRequest';
}

/**
 * The entries of `draftOrders` that are being ordered: `draft` (what the hooks send) or `active`
 * (an EHR that marks the order it is signing so), or with no status at all. One the EHR says was
 * entered in error, cancelled / revoked, stopped, completed or on hold is not being placed now.
 */
const BEING_ORDERED: ReadonlySet<string | undefined> = new Set(['draft', 'active', undefined]);

function isBeingOrdered(d: DraftOrder): boolean {
  return BEING_ORDERED.has(d.status);
}

/**
 * A draft as the §0.5 triggers read an order: active, an order, authored at T when the draft has no
 * date yet. An order for something not to be done is no trigger, so it is left as it is. A draft
 * sent without an id gets one here, for the engine's evidence only: it never leaves this module
 * (`drafts` and `draftsOf` hold the draft as it was sent), so no action can name it.
 */
function asOrdered(draft: DraftOrder, date: string, index: number): DraftOrder {
  const id = draft.id ?? `cg-unidentified-draft-${index + 1}`;
  if (draft.doNotPerform === true) return { ...draft, id };
  return { ...draft, id, status: 'active', intent: 'order', authoredOn: draft.authoredOn ?? date };
}

export interface OrderTimeInput {
  /** The patient's record (Patient included), as for `evaluatePrompts`. */
  resources: readonly Resource[];
  /**
   * `context.draftOrders` entries; anything but MedicationRequest / ServiceRequest, and an entry
   * that is not being ordered (status other than draft / active), is ignored.
   */
  drafts: readonly Resource[];
  /** When given, only prompts about these drafts (`Type/id`, order-select's `selections`). */
  about?: readonly string[];
  date: string;
}

export interface OrderTimeResult extends EvaluationResult {
  /**
   * Each draft being ordered, as it was sent, by `Type/id` (the key of a draft sent without an id
   * is the engine's own, `cg-unidentified-draft-N`; the draft itself still has no id).
   */
  drafts: Map<string, DraftOrder>;
  /** For each prompt, the drafts among its evidence (what a "remove the order" suggestion removes). */
  draftsOf: Map<RuleId, DraftOrder[]>;
}

/** The order-time prompts: overuse prompts a draft order makes fire, through the same engine call. */
export function evaluateOrders(input: OrderTimeInput, codes: CodeSets): OrderTimeResult {
  const drafts = new Map<string, DraftOrder>();
  const ordered: DraftOrder[] = [];
  input.drafts.filter(isDraftOrder).forEach((d, i) => {
    if (!isBeingOrdered(d)) return;
    const o = asOrdered(d, input.date, i);
    drafts.set(refOf(o), d);
    ordered.push(o);
  });
  // A draft the EHR also stored (and prefetched) is the same order, counted once.
  const replaced = new Set(ordered.map(refOf));
  const resources = [...input.resources.filter((r) => !replaced.has(refOf(r))), ...ordered];
  const result = evaluatePrompts({ resources, date: input.date }, codes);
  const about = new Set(input.about?.length ? input.about : drafts.keys());
  const draftsOf = new Map<RuleId, DraftOrder[]>();
  const prompts: Prompt[] = [];
  for (const p of result.prompts) {
    if (!ORDER_TIME_RULES.includes(p.rule)) continue;
    const own = p.evidence.filter((ref) => about.has(ref)).flatMap((ref) => drafts.get(ref) ?? []);
    if (own.length === 0) continue;
    prompts.push(p);
    draftsOf.set(p.rule, own);
  }
  const suppressed: SuppressedPrompt[] = result.suppressed.filter((s) => ORDER_TIME_RULES.includes(s.rule));
  return { patient: result.patient, prompts, suppressed, drafts, draftsOf };
}
