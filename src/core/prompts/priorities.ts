/**
 * Patient-stated priorities that change a prompt's wording (§11.2, §11.3), read through the same
 * reader as the patient's and the clinician's "What matters" (src/core/voice/priorities), so a
 * priority the prompts act on is always one the screens show:
 * - an END-OF-LIFE GOAL: a stated priority in the PCO `end-of-life` goal domain, or "comfort over
 *   longevity" stated as care that helps (stated as burdensome it means the opposite);
 * - a BURDENSOME-CARE PREFERENCE: a stated priority of kind `care-burdensome` — a Goal, or an
 *   Observation coded LOINC 81338-6 / 107905-2 (or categorised 81380-8) whose value carries that
 *   kind or says "burden…".
 *   Its topic comes from the care-preference code the patient picked (more-medications → medications,
 *   more-tests → tests, …), from Observation.focus (a MedicationRequest means medications, a
 *   ServiceRequest tests), or from words in the text ("pills", "blood tests", …).
 */
import type { CodeableConcept, Observation } from 'fhir/r4';
import { type CarePreference } from '../voice/vocabulary';
import { observationConcepts, readPriorities as readStated } from '../voice/priorities';
import { DECISIONS } from './decisions';
import type { RuleContext } from './facts';
import { refOf } from './record';
import type { PriorityInfluence } from './types';
import { CG_CARE_PREFERENCE } from '../fhir/vocabulary';

export type CareTopic = 'medications' | 'tests' | 'procedures' | 'visits';
const TOPICS: readonly CareTopic[] = ['medications', 'tests', 'procedures', 'visits'];

/** The kinds of care a patient can call burdensome (voice vocabulary), as the rules' topics. */
const PREFERENCE_TOPICS: Record<CarePreference, readonly CareTopic[] | 'all'> = {
  'more-medications': ['medications'],
  'more-tests': ['tests'],
  'more-visits': ['visits'],
  'hospital-stays': ['procedures'],
  procedures: ['procedures'],
  'self-management-tasks': ['medications', 'tests'],
  // Read as an end-of-life goal when helpful, and never as a burden (readPriorities).
  'comfort-over-longevity': [],
};

const TOPIC_WORDS: Record<CareTopic, RegExp> = {
  medications: /\b(pills?|medic\w*|tablets?|drugs?|insulin|injections?|statins?|prescriptions?)\b/i,
  tests: /\b(tests?|testing|blood|labs?|scans?|screening|x-?rays?|mri|colonoscop\w*|pap|psa)\b/i,
  procedures: /\b(procedures?|surger\w*|operations?)\b/i,
  visits: /\b(visits?|appointments?|trips?)\b/i,
};

export interface RecordedPriority extends PriorityInfluence {
  /** Topics a burdensome preference is about; `all` when it cannot be told (DECISIONS). */
  topics: readonly CareTopic[] | 'all';
}

function topicsOf(
  concepts: readonly (CodeableConcept | undefined)[],
  text: string,
  focusTypes: readonly string[],
): readonly CareTopic[] | 'all' {
  const found = new Set<CareTopic>();
  for (const c of concepts.flatMap((x) => x?.coding ?? [])) {
    if (c.system !== CG_CARE_PREFERENCE || !c.code || !(c.code in PREFERENCE_TOPICS)) continue;
    const topics = PREFERENCE_TOPICS[c.code as CarePreference];
    if (topics === 'all') return 'all';
    for (const t of topics) found.add(t);
  }
  for (const t of focusTypes) {
    if (t === 'MedicationRequest' || t === 'MedicationStatement') found.add('medications');
    if (t === 'ServiceRequest') found.add('tests');
  }
  if (found.size === 0) for (const t of TOPICS) if (TOPIC_WORDS[t].test(text)) found.add(t);
  if (found.size === 0 && DECISIONS.burdensomeTopicUnknownMatchesAll.value) return 'all';
  return [...found];
}

function observationTopics(o: Observation, text: string): readonly CareTopic[] | 'all' {
  const focusTypes = (o.focus ?? []).map((f) => f.reference?.split('/')[0] ?? f.type ?? '');
  return topicsOf(observationConcepts(o), text, focusTypes);
}

export function readPriorities(ctx: RuleContext): RecordedPriority[] {
  const out: RecordedPriority[] = [];
  const stated = readStated(ctx.record.all('Goal'), ctx.record.patient?.id, ctx.record.all('Observation'));
  for (const p of stated.all) {
    const reference = refOf(p.resource);
    if (p.domain === 'end-of-life')
      out.push({ kind: 'end-of-life-goal', text: p.text, reference, topics: 'all' });
    // "Care that keeps me comfortable, even if I may not live as long" is care the patient wants
    // when they call it helpful: it weighs on every prompt as an end-of-life goal does. Called
    // burdensome it says the opposite (comfort-first care is hard for them), so it rewords nothing:
    // quoting it beside a prompt would read as a wish for comfort-first care.
    if (p.preference === 'comfort-over-longevity') {
      if (p.kind === 'care-helpful' && p.domain !== 'end-of-life')
        out.push({ kind: 'end-of-life-goal', text: p.text, reference, topics: 'all' });
      continue;
    }
    if (p.kind !== 'care-burdensome') continue;
    const topics =
      p.resource.resourceType === 'Goal'
        ? topicsOf([p.resource.description], p.text, [])
        : observationTopics(p.resource, p.text);
    out.push({ kind: 'burdensome-care', text: p.text, reference, topics });
  }
  return out;
}

/** The priorities that reword a prompt about `topics` (§11.3). */
export function matchingPriorities(
  priorities: readonly RecordedPriority[],
  topics: readonly CareTopic[],
  isSafety: boolean,
): PriorityInfluence[] {
  return priorities
    .filter((p) => {
      if (p.kind === 'end-of-life-goal') return !(isSafety && DECISIONS.endOfLifeGoalSparesSafety.value);
      return p.topics === 'all' || p.topics.some((t) => topics.includes(t));
    })
    .map(({ kind, text, reference }) => ({ kind, text, reference }));
}
