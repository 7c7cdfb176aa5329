import type { MedicationRequest, MedicationStatement, Resource } from 'fhir/r4';
import type { CodeMatcher } from '../codes';
import { msg, type Message } from '../messages/types';
import type { Dated, RuleContext } from '../facts';
import { refs } from '../facts';
import type { CareTopic } from '../priorities';
import type { Prompt, PromptKind, RuleId } from '../types';

/** What a rule returns; the engine adds source, priorities and suppression. */
export interface RuleDraft {
  rule: RuleId;
  kind: PromptKind;
  variant: string;
  summary: Message;
  detail: Message;
  evidence: string[];
  notes?: Message[];
  benefitsHarms?: Prompt['benefitsHarms'];
}

export type Rule = (ctx: RuleContext) => RuleDraft | RuleDraft[] | undefined;

export interface RuleMeta {
  source: Prompt['source'];
  /** What the prompt's intervention is about, to match burdensome-care preferences (§11.3). */
  topics: readonly CareTopic[];
  /** §14 D5: hospice/palliative evidence silences these underuse prompts. */
  silencedByHospice: boolean;
}

/** A matcher over RxNorm codes decided by a drug-table lookup (class maps, flags). */
export function rxMatcher(key: string, test: (rxcui: string) => boolean): CodeMatcher {
  return { key: `rx:${key}`, has: (system, code) => system === 'rxnorm' && test(code) };
}

export function anyOf(...matchers: readonly CodeMatcher[]): CodeMatcher {
  return {
    key: matchers.map((m) => m.key).join('|'),
    has: (system, code) => matchers.some((m) => m.has(system, code)),
  };
}

export function evidence(...groups: readonly (readonly (Resource | Dated)[])[]): string[] {
  return refs(groups.flat());
}

/** First medication name of a medication resource as the record words it, for wording. */
export function medName(m: MedicationRequest | MedicationStatement): string | Message {
  const cc = m.medicationCodeableConcept;
  return (
    cc?.text ??
    cc?.coding?.find((c) => c.display)?.display ??
    m.medicationReference?.display ??
    msg('medication')
  );
}

export function pct(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}
