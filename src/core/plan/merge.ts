/**
 * Merging a shared plan after a 412. The generic three-way merge treats each top-level element as
 * one unit, so two clinicians who each added an activity would conflict and one addition would have
 * to go. For the plan's lists (goals, problems, activities, notes, contributors) items are merged
 * one by one instead: what each side added or removed survives; an item both sides changed
 * differently is kept in both versions for the clinician to tidy, never dropped.
 */
import type { CarePlan, CarePlanActivity } from 'fhir/r4';
import { same, threeWayMerge, type MergeResult } from '../write/merge';
import { withNarrative, type NarrativeLabels } from './narrative';
import { storedText } from './view';
import { ACTIVITY_KEY_EXT } from '../fhir/vocabulary';

type ListField = 'goal' | 'addresses' | 'activity' | 'note' | 'contributor';

const json = (v: unknown) => JSON.stringify(v);

/**
 * What an item is called across versions. Not unique: two EHR activities may both be "Follow-up
 * visit"; `align` tells such twins apart.
 */
const HINT: Record<ListField, (item: unknown) => string> = {
  goal: (r) => (r as { reference?: string }).reference ?? json(r),
  addresses: (r) => (r as { reference?: string }).reference ?? json(r),
  contributor: (r) => (r as { reference?: string }).reference ?? json(r),
  activity: (a) => {
    const act = a as CarePlanActivity;
    const key = act.extension?.find((e) => e.url === ACTIVITY_KEY_EXT)?.valueString;
    if (key) return `key:${key}`;
    if (act.reference?.reference) return `ref:${act.reference.reference}`;
    return `text:${storedText(act) ?? ''}`;
  },
  note: (n) => {
    const note = n as { authorReference?: { reference?: string }; time?: string; text?: string };
    return `${note.authorReference?.reference ?? ''}|${note.time ?? ''}|${note.authorReference ? '' : (note.text ?? '')}`;
  },
};

/**
 * Gives every item of a side the identity of the base item it continues, else a new one. Items
 * sharing a hint are matched one to one: first to a base twin they still equal, then to the
 * remaining twins in order, so duplicates are neither merged into one nor multiplied.
 */
function align(base: unknown[], side: unknown[], hint: (x: unknown) => string): [string, unknown][] {
  const free = new Map<string, string[]>();
  const baseById = new Map<string, unknown>();
  base.forEach((x, i) => {
    const h = hint(x);
    baseById.set(`${h}#${i}`, x);
    free.set(h, [...(free.get(h) ?? []), `${h}#${i}`]);
  });
  const added = new Map<string, number>();
  const out: [string, unknown][] = [];
  const take = (h: string, pick: (id: string) => boolean) => {
    const ids = free.get(h) ?? [];
    const at = ids.findIndex(pick);
    return at < 0 ? undefined : ids.splice(at, 1)[0];
  };
  const ids: (string | undefined)[] = side.map((x) => take(hint(x), (id) => same(baseById.get(id), x)));
  side.forEach((x, i) => {
    const h = hint(x);
    const id = ids[i] ?? take(h, () => true);
    if (id) return out.push([id, x]);
    const n = added.get(h) ?? 0;
    added.set(h, n + 1);
    // Additions are matched across sides by their hint and order: the same item added by both is one.
    out.push([`new:${h}#${n}`, x]);
  });
  return out;
}

function mergeList(field: ListField, base: unknown[], mine: unknown[], theirs: unknown[]): unknown[] {
  const hint = HINT[field];
  const b = new Map(base.map((x, i) => [`${hint(x)}#${i}`, x]));
  const mineAligned = align(base, mine, hint);
  const theirsAligned = align(base, theirs, hint);
  const m = new Map(mineAligned);
  const t = new Map(theirsAligned);
  const out: unknown[] = [];
  // Their order first, then my additions, so nothing they arranged moves.
  const keys = [...new Set([...theirsAligned.map(([k]) => k), ...mineAligned.map(([k]) => k)])];
  for (const k of keys) {
    const [bv, mv, tv] = [b.get(k), m.get(k), t.get(k)];
    // Compared as JSON values: a save that only wrote the keys in another order changed nothing.
    const iChanged = !same(bv, mv);
    const theyChanged = !same(bv, tv);
    if (!iChanged) {
      if (tv !== undefined) out.push(tv);
    } else if (!theyChanged || same(mv, tv)) {
      if (mv !== undefined) out.push(mv);
    } else {
      // Both changed it: keep both versions (a removal on one side loses to an edit on the other).
      if (tv !== undefined) out.push(tv);
      if (mv !== undefined && !same(mv, tv)) out.push(mv);
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
