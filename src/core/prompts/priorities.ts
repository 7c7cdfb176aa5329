/**
 * Patient-stated priorities that change a prompt's wording (§11.2, §11.3).
 *
 * What is read — the shapes the app's patient voice writes (src/core/voice), plus what other apps
 * may have written:
 * - an END-OF-LIFE GOAL: a Goal that is patient-stated (`expressedBy` a Patient, or a category
 *   `pco-concepts-temporary#what-matters`) with category `pco-goal-domains-temporary#end-of-life`,
 *   or a burdensome care preference "comfort over longevity";
 * - a BURDENSOME-CARE PREFERENCE: a patient-stated Goal of priority kind `care-burdensome`
 *   (src/core/voice/vocabulary.ts), or an Observation coded LOINC 81338-6 / 107905-2 (or
 *   categorised 81380-8) whose value carries that kind or says "burden…".
 *   Its topic comes from the care-preference code the patient picked (more-medications → medications,
 *   more-tests → tests, …), from Observation.focus (a MedicationRequest means medications, a
 *   ServiceRequest tests), or from words in the text ("pills", "blood tests", …).
 * Goals that are cancelled, rejected, completed or entered in error are ignored, as are observations
 * that are cancelled or entered in error.
 */
import type { CodeableConcept, Goal, Observation } from 'fhir/r4';
import { type CarePreference } from '../voice/vocabulary';
import { toPriority } from '../voice/priorities';
import { normalizeCode } from './codes';
import { DECISIONS } from './decisions';
import type { RuleContext } from './facts';
import { refOf } from './record';
import type { PriorityInfluence } from './types';
import { CG_CARE_PREFERENCE, CG_PRIORITY_KIND, LOINC, PCO_CONCEPTS } from '../fhir/vocabulary';

const PREFERENCE_CODES = new Set(['81338-6', '107905-2']);
const PREFERENCE_CATEGORY = '81380-8';

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
  'comfort-over-longevity': 'all',
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

function codings(concepts: readonly (CodeableConcept | undefined)[]): { system?: string; code?: string }[] {
  return concepts.flatMap((c) => c?.coding ?? []);
}

function hasCoding(
  concepts: readonly (CodeableConcept | undefined)[],
  system: string,
  code: string,
): boolean {
  // Runs for every Observation: a plain loop, no intermediate arrays.
  for (const c of concepts) {
    for (const x of c?.coding ?? []) if (x.system === system && x.code === code) return true;
  }
  return false;
}

function topicsOf(
  concepts: readonly (CodeableConcept | undefined)[],
  text: string,
  focusTypes: readonly string[],
): readonly CareTopic[] | 'all' {
  const found = new Set<CareTopic>();
  for (const c of codings(concepts)) {
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

function isPatientStated(g: Goal): boolean {
  return (
    g.expressedBy?.reference?.includes('Patient/') === true ||
    hasCoding(g.category ?? [], PCO_CONCEPTS, 'what-matters')
  );
}

const CLOSED_GOAL = new Set(['cancelled', 'entered-in-error', 'rejected', 'completed']);

export function readPriorities(ctx: RuleContext): RecordedPriority[] {
  const out: RecordedPriority[] = [];
  for (const g of ctx.record.all('Goal')) {
    if (CLOSED_GOAL.has(g.lifecycleStatus) || !isPatientStated(g)) continue;
    // The same reading of a stated priority as the patient's and the clinician's screens.
    const { text, domain, kind } = toPriority(g);
    if (domain === 'end-of-life') {
      out.push({ kind: 'end-of-life-goal', text, reference: refOf(g), topics: 'all' });
    }
    if (kind === 'care-burdensome') {
      out.push({
        kind: 'burdensome-care',
        text,
        reference: refOf(g),
        topics: topicsOf([g.description], text, []),
      });
    }
  }
  for (const o of ctx.record.all('Observation')) {
    if (o.status === 'cancelled' || o.status === 'entered-in-error' || !isPreference(o)) continue;
    const text =
      o.valueString ??
      o.valueCodeableConcept?.text ??
      o.valueCodeableConcept?.coding?.find((c) => c.display)?.display ??
      o.note?.[0]?.text ??
      '';
    const concepts = [
      o.valueCodeableConcept,
      ...(o.category ?? []),
      ...(o.component ?? []).map((c) => c.valueCodeableConcept),
    ];
    const burdensome = hasCoding(concepts, CG_PRIORITY_KIND, 'care-burdensome') || /\bburden/i.test(text);
    if (!burdensome) continue;
    const focusTypes = (o.focus ?? []).map((f) => f.reference?.split('/')[0] ?? f.type ?? '');
    out.push({
      kind: 'burdensome-care',
      text,
      reference: refOf(o),
      topics: topicsOf(concepts, text, focusTypes),
    });
  }
  return out;
}

function isPreference(o: Observation): boolean {
  const code = o.code.coding?.some(
    (c) => c.system === LOINC && c.code && PREFERENCE_CODES.has(normalizeCode('loinc', c.code)),
  );
  return code === true || hasCoding(o.category ?? [], LOINC, PREFERENCE_CATEGORY);
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
