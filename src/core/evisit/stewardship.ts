/**
 * Stewardship while the clinician replies to an e-visit (issue 11): the rule engine run on the
 * record plus the order the clinician intends. It goes through the same order-time evaluation as a
 * CDS Hooks order-select (§14 D20: an order about to be signed counts as ordered), so the review
 * screen and an EHR's hook can never disagree about an order. Only the e-visits' stewardship rules
 * are shown there: R7 (antibiotics for a URI) and R6 (imaging for low back pain).
 */
import type { Condition, MedicationRequest, Resource, ServiceRequest } from 'fhir/r4';
import { CONDITION_CATEGORY } from '../fhir/vocabulary';
import type { CodeSets } from '../prompts/codes';
import { evaluateOrders } from '../prompts/order-time';
import type { Prompt, RuleId } from '../prompts/types';

export const STEWARDSHIP_RULES: readonly RuleId[] = ['R7', 'R6'];

export type Proposal = MedicationRequest | ServiceRequest;

export interface ProposalContext {
  patientId: string;
  /** The day of the reply, YYYY-MM-DD. */
  date: string;
  /**
   * What the reply records together with the order and has not written yet: the diagnosis
   * Condition, the e-visit Encounter. Without a Condition here, the order's own `reasonCode`
   * stands for the diagnosis, as it is the clinician's stated reason for the order.
   */
  context?: readonly Resource[];
}

const PROPOSED_ORDER_ID = 'proposed-evisit-order';
const PROPOSED_DIAGNOSIS_ID = 'proposed-evisit-diagnosis';

/** The diagnosis an order gives as its reason, as the encounter diagnosis the rules read. */
function reasonAsDiagnosis(proposal: Proposal, ctx: ProposalContext): Condition | undefined {
  const reason = proposal.reasonCode?.find((c) => c.coding?.some((x) => x.code));
  if (!reason) return undefined;
  return {
    resourceType: 'Condition',
    id: PROPOSED_DIAGNOSIS_ID,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'encounter-diagnosis' }] }],
    code: reason,
    subject: { reference: `Patient/${ctx.patientId}` },
    recordedDate: ctx.date,
  };
}

/**
 * What the evaluation adds to the record: the order (with an id, so prompts can name it as
 * evidence) and what the reply records with it. A screen describes a prompt's evidence from these.
 */
export function proposedResources(
  proposal: Proposal,
  ctx: ProposalContext,
): { order: Proposal; context: Resource[] } {
  // Not written yet, so maybe without an id: one is given, or a prompt could not name it as evidence.
  const context = (ctx.context ?? []).map((r, i) =>
    r.id ? r : { ...r, id: `proposed-evisit-${r.resourceType.toLowerCase()}-${i + 1}` },
  );
  if (!context.some((r) => r.resourceType === 'Condition')) {
    const diagnosis = reasonAsDiagnosis(proposal, ctx);
    if (diagnosis) context.push(diagnosis);
  }
  return { order: { ...proposal, id: proposal.id ?? PROPOSED_ORDER_ID }, context };
}

/** The stewardship prompts this order raises (none for an order no stewardship rule is about). */
export function proposalPrompts(
  record: readonly Resource[],
  proposal: Proposal,
  ctx: ProposalContext,
  codes: CodeSets,
): Prompt[] {
  const { order, context } = proposedResources(proposal, ctx);
  const result = evaluateOrders(
    { resources: [...record, ...context], drafts: [order], date: ctx.date },
    codes,
  );
  return result.prompts.filter((p) => STEWARDSHIP_RULES.includes(p.rule));
}
