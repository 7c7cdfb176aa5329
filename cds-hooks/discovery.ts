/**
 * The three CDS services and their prefetch templates. The templates are generated from RULE_INPUTS,
 * the engine's one list of what it reads (also the app's read path and the CLI's filter), so the
 * service can never be prefetched less than a rule needs; where an input says the rules read only
 * some codes of its type (src/core/prompts/reads.ts), its templates ask for just those codes.
 */
import { nodeCompiledCodes } from '../src/cli/prompts';
import { inputSearches, type InputSearch } from '../src/core/prompts/reads';

export type HookName = 'patient-view' | 'order-select' | 'order-sign';

export interface CdsServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

export const PATIENT_TOKEN = '{{context.patientId}}';

let searches: InputSearch[] | undefined;
/** The prefetch queries with `{{context.patientId}}` in them, computed once from the compiled code sets. */
export function prefetchSearches(): InputSearch[] {
  searches ??= inputSearches(PATIENT_TOKEN, nodeCompiledCodes());
  return searches;
}

/**
 * One prefetch key per query, e.g. `conditions: Condition?patient={{context.patientId}}` and
 * `observations: Observation?patient={{context.patientId}}&code=…`.
 */
export function prefetchTemplates(): Record<string, string> {
  return Object.fromEntries(prefetchSearches().map((s) => [s.key, s.query]));
}

const USAGE =
  'Send the prefetch, or fhirServer with fhirAuthorization (patient/*.rs read scopes for the keys not sent). ' +
  'The bearer JWT must come from a client on the service allow-list.';

export const SERVICES: readonly CdsServiceDefinition[] = [
  {
    id: 'common-ground-patient-view',
    hook: 'patient-view',
    title: 'Common Ground value-care prompts',
    description:
      'Conversation starters about care that helps (statins, antiplatelets, screening, advance care planning) ' +
      'and care that may do more harm than good, worded with what the patient said matters to them; ' +
      'opens Common Ground for the shared care plan.',
    prefetch: prefetchTemplates(),
    usageRequirements: USAGE,
  },
  {
    id: 'common-ground-order-select',
    hook: 'order-select',
    title: 'Common Ground low-value order check (order selected)',
    description:
      'When a test or drug is chosen (a PSA after 70, a Pap test after 65, lumbar imaging in the first six weeks, ' +
      'an antibiotic for a cold, a sleeping pill after 65, a DXA or vitamin D test without a reason), ' +
      'a card to talk it over, with a suggestion to remove the draft order.',
    prefetch: prefetchTemplates(),
    usageRequirements: USAGE,
  },
  {
    id: 'common-ground-order-sign',
    hook: 'order-sign',
    title: 'Common Ground low-value order check (before signing)',
    description:
      'The same check as order-select over every draft order about to be signed, with a suggestion to remove each ' +
      'low-value draft.',
    prefetch: prefetchTemplates(),
    usageRequirements: USAGE,
  },
];

export function discovery(): { services: CdsServiceDefinition[] } {
  return { services: [...SERVICES] };
}

export function serviceById(id: string): CdsServiceDefinition | undefined {
  return SERVICES.find((s) => s.id === id);
}
