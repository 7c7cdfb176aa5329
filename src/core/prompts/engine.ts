/**
 * The value-care prompt engine: pure TypeScript, no browser, Node or network dependency.
 * Input: one patient's resources, the evaluation date and the compiled code sets (passed in as data).
 * Output: the prompts that fire, each with its evidence, source, wording and any priority that
 * reworded it; plus the prompts a decline or hospice care suppressed.
 */
import type { Patient } from 'fhir/r4';
import type { CodeSets } from './codes';
import { parseDay, type Day } from './dates';
import { activeDeclines } from './decline';
import { DECISIONS } from './decisions';
import { buildContext, type RuleContext } from './facts';
import { matchingPriorities, readPriorities } from './priorities';
import { PatientRecord } from './record';
import { RULES } from './rules/index';
import type { EvaluationInput, EvaluationResult, Prompt, SuppressedPrompt } from './types';

function isDeceased(p: Patient | undefined, t: Day): boolean {
  if (!p) return false;
  if (p.deceasedBoolean === true) return true;
  const d = parseDay(p.deceasedDateTime);
  return d !== undefined && d <= t;
}

export function evaluateRecord(record: PatientRecord, t: Day): EvaluationResult {
  const ctx: RuleContext = buildContext(record, record.codes, t);
  const patient = record.patient?.id;
  const prompts: Prompt[] = [];
  const suppressed: SuppressedPrompt[] = [];
  if (isDeceased(record.patient, t) && DECISIONS.deceasedNoPrompts.value)
    return { patient, prompts, suppressed };

  const declines = activeDeclines(ctx);
  const priorities = readPriorities(ctx);
  for (const { id, run, meta } of RULES) {
    const result = run(ctx);
    const drafts = result === undefined ? [] : Array.isArray(result) ? result : [result];
    // D18: one line per rule per patient — the rules already return their strongest variant.
    const draft = drafts[0];
    if (!draft) continue;
    if (meta.silencedByHospice && ctx.suppression.active) {
      suppressed.push({ rule: id, reason: 'hospice-or-palliative', evidence: ctx.suppression.evidence });
      continue;
    }
    const decline = declines.get(id);
    if (decline) {
      suppressed.push({ rule: id, reason: 'declined', evidence: [decline.reference] });
      continue;
    }
    const influences = matchingPriorities(priorities, meta.topics, draft.kind === 'safety');
    prompts.push({
      rule: id,
      kind: draft.kind,
      variant: draft.variant,
      // §11.3: the priorities reword the prompt when it is rendered (promptText), in its language.
      summary: draft.summary,
      detail: draft.detail,
      evidence: draft.evidence,
      notes: draft.notes ?? [],
      source: meta.source,
      ...(draft.benefitsHarms ? { benefitsHarms: draft.benefitsHarms } : {}),
      priorities: influences,
    });
  }
  return { patient, prompts, suppressed };
}

/** Evaluate every rule for one patient. Throws on a malformed date. */
export function evaluatePrompts(input: EvaluationInput, codes: CodeSets): EvaluationResult {
  const t = parseDay(input.date);
  if (t === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(input.date))
    throw new Error(`Evaluation date must be YYYY-MM-DD, got "${input.date}"`);
  return evaluateRecord(new PatientRecord(input.resources, codes), t);
}
