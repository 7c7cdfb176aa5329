import type { EditablePriority } from '../core/voice/priorities';

/** The patient's aims in order, the one thing first when there is one. */
export interface AimOrder {
  ids: string[];
  oneThing: boolean;
}

export function currentOrder(oneThing: EditablePriority | undefined, others: EditablePriority[]): AimOrder {
  return {
    ids: [...(oneThing ? [oneThing] : []), ...others].map((p) => p.goal.id ?? ''),
    oneThing: oneThing !== undefined,
  };
}

export function move(order: AimOrder, id: string, by: -1 | 1): AimOrder {
  const ids = [...order.ids];
  const from = ids.indexOf(id);
  const to = from + by;
  // The one thing keeps the first place: moves happen among the others.
  const floor = order.oneThing ? 1 : 0;
  if (from < floor || to < floor || to >= ids.length) return order;
  [ids[from], ids[to]] = [ids[to] as string, ids[from] as string];
  return { ...order, ids };
}

export function makeOneThing(order: AimOrder, id: string): AimOrder {
  const ids = order.ids.filter((x) => x !== id);
  return { ids: [id, ...ids], oneThing: true };
}

export function shorten(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
