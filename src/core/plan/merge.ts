/**
 * Merging a shared plan after a 412. The generic three-way merge treats each top-level element as
 * one unit, so two clinicians who each added an activity would conflict and one addition would have
 * to go. For the plan's lists (goals, problems, activities, notes, contributors) items are merged
 * one by one instead: what each side added or removed survives; an item both sides changed
 * differently is kept in both versions for the clinician to tidy, never dropped.
 */
import type { CarePlan } from 'fhir/r4';
import { threeWayMerge, type MergeResult } from '../write/merge';
import { withNarrative, type NarrativeLabels } from './narrative';
import { ACTIVITY_KEY_EXT } from '../fhir/vocabulary';

type ListField = 'goal' | 'addresses' | 'activity' | 'note' | 'contributor';

const json = (v: unknown) => JSON.stringify(v);

const IDENTITY: Record<ListField, (item: unknown) => string> = {
  goal: (r) => (r as { reference?: string }).reference ?? json(r),
  addresses: (r) => (r as { reference?: string }).reference ?? json(r),
  contributor: (r) => (r as { reference?: string }).reference ?? json(r),
  activity: (a) => {
    const act = a as {
      extension?: { url: string; valueString?: string }[];
      detail?: { description?: string };
    };
    const key = act.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString;
    return key ? `key:${key}` : `text:${act.detail?.description ?? json(a)}`;
  },
  note: (n) => {
    const note = n as { authorReference?: { reference?: string }; time?: string; text?: string };
    return `${note.authorReference?.reference ?? ''}|${note.time ?? ''}|${note.authorReference ? '' : (note.text ?? '')}`;
  },
};

function mergeList(field: ListField, base: unknown[], mine: unknown[], theirs: unknown[]): unknown[] {
  const id = IDENTITY[field];
  const index = (list: unknown[]) => new Map(list.map((x) => [id(x), x]));
  const b = index(base);
  const m = index(mine);
  const t = index(theirs);
  const out: unknown[] = [];
  // Their order first, then my additions, so nothing they arranged moves.
  const keys = [...new Set([...t.keys(), ...m.keys()])];
  for (const k of keys) {
    const [bv, mv, tv] = [b.get(k), m.get(k), t.get(k)];
    const iChanged = json(bv) !== json(mv);
    const theyChanged = json(bv) !== json(tv);
    if (!iChanged) {
      if (tv !== undefined) out.push(tv);
    } else if (!theyChanged || json(mv) === json(tv)) {
      if (mv !== undefined) out.push(mv);
    } else {
      // Both changed it: keep both versions (a removal on one side loses to an edit on the other).
      if (tv !== undefined) out.push(tv);
      if (mv !== undefined && json(mv) !== json(tv)) out.push(mv);
    }
  }
  return out;
}

export function mergeSharedPlan(base: CarePlan, mine: CarePlan, theirs: CarePlan): MergeResult<CarePlan> {
  const m = structuredClone(mine) as unknown as Record<string, unknown>;
  const t = structuredClone(theirs) as unknown as Record<string, unknown>;
  const b = base as unknown as Record<string, unknown>;
  for (const field of ['goal', 'addresses', 'activity', 'note', 'contributor'] as const) {
    const merged = mergeList(
      field,
      (b[field] as unknown[] | undefined) ?? [],
      (m[field] as unknown[] | undefined) ?? [],
      (t[field] as unknown[] | undefined) ?? [],
    );
    // Both sides now agree on the list, so the generic merge takes it without a conflict.
    for (const side of [m, t]) {
      if (merged.length) side[field] = merged;
      else delete side[field];
    }
  }
  return threeWayMerge(base, m as unknown as CarePlan, t as unknown as CarePlan);
}

/** The merged plan, ready to save: narrative regenerated from what it now says. */
export function finishMergedPlan(plan: CarePlan, labels?: NarrativeLabels): CarePlan {
  return withNarrative(plan, labels);
}
