/**
 * The plan's human-readable narrative (`text.div`), generated from the plan's own elements in the
 * patient's language, in the same three groups every view shows. A plan adopted from the EHR keeps
 * the narrative it came with, verbatim, after the generated part.
 */
import type { CarePlan } from 'fhir/r4';
import { el, narrativeDiv, type Markup } from '../workspace/xhtml';
import {
  adoptedNarrative,
  isAidNote,
  planAims,
  planSections,
  type PlanItem,
  type PlanRecord,
  type Progress,
} from './view';
import type { PlanWords } from './words';
import { ADOPTED_NARRATIVE_EXT } from '../fhir/vocabulary';

export interface NarrativeLabels {
  title: string;
  goals: string;
  /** Goals the record marks completed. */
  achieved: string;
  problems: string;
  agreed: string;
  declined: string;
  notToDo: string;
  because: string;
  /** Beside an item that is done or paused. */
  progress: Record<Progress, string>;
  summary: string;
  nothing: string;
  /** Heading of the narrative an adopted plan came with. */
  earlier: string;
  /** The app's own wording in the narrative's language; without it, the stored (English) text. */
  words?: PlanWords;
  /**
   * The record's Goals and Conditions: without them a bare reference has no name and a closed goal
   * would be written as a live aim.
   */
  record?: Partial<PlanRecord>;
}

export const ENGLISH_LABELS: NarrativeLabels = {
  title: 'Our shared care plan',
  goals: 'What we are aiming for',
  achieved: 'What we have achieved',
  problems: 'Health problems this plan is about',
  agreed: 'What we will do',
  declined: 'What we decided not to do',
  notToDo: 'What we will not do, on purpose',
  because: 'Why',
  progress: { done: 'done', paused: 'paused' },
  summary: 'Visit summary',
  nothing: 'Nothing agreed yet.',
  earlier: 'The plan as it was written before',
};

function section(title: string, items: (string | Markup)[]): Markup[] {
  if (items.length === 0) return [];
  return [el('h3', title), el('ul', ...items.map((i) => el('li', i)))];
}

export function planNarrative(plan: CarePlan, labels: NarrativeLabels = ENGLISH_LABELS): string {
  const groups = planSections(plan, labels.words);
  const aims = planAims(plan, labels.record, labels.words);
  const withReason = (a: PlanItem) => {
    const text = a.progress ? `${a.text} (${labels.progress[a.progress]})` : a.text;
    return a.reason ? el('span', text, ` — ${labels.because}: `, a.reason) : text;
  };
  const body = [
    ...section(labels.goals, aims.goals),
    ...section(labels.achieved, aims.achieved),
    ...section(labels.problems, aims.problems),
    ...section(labels.agreed, groups.agreed.map(withReason)),
    ...section(labels.declined, groups.declined.map(withReason)),
    ...section(labels.notToDo, groups.notToDo.map(withReason)),
  ];
  const notes = (plan.note ?? []).filter((n) => n.text.trim() && !isAidNote(n));
  const latest = notes[notes.length - 1];
  const earlier = adoptedNarrative(plan);
  return narrativeDiv(
    el('h2', labels.title),
    ...(body.length ? body : [el('p', labels.nothing)]),
    latest && el('h3', labels.summary),
    latest && el('p', latest.time ? `${latest.time.slice(0, 10)}: ` : '', latest.text),
    earlier !== undefined && el('h3', labels.earlier),
    // Already XHTML (it was the record's narrative); kept as it was rather than re-rendered.
    earlier !== undefined && { html: earlier },
  );
}

export function withNarrative(plan: CarePlan, labels?: NarrativeLabels): CarePlan {
  const kept = plan.text?.extension?.filter((e) => e.url === ADOPTED_NARRATIVE_EXT) ?? [];
  return {
    ...plan,
    text: {
      ...(kept.length ? { extension: kept } : {}),
      status: 'generated',
      div: planNarrative(plan, labels),
    },
  };
}
