import type { FhirResource } from 'fhir/r4';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CodeSets, EvaluationResult } from '../core/prompts';
import type { RecordView } from '../ui/useRecord';

export type PromptsState =
  | { status: 'waiting' }
  /** `codes` name the bare codes in a prompt's evidence. */
  | { status: 'ready'; result: EvaluationResult; codes?: CodeSets }
  | { status: 'failed'; message: string };

/** YYYY-MM-DD in the user's own calendar day, which is what "today" means to a clinician. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function allResources(panels: RecordView): FhirResource[] {
  return Object.values(panels).flatMap((p) => (p?.status === 'ready' ? p.resources : []));
}

/**
 * Runs the value-care rules once the record is on screen. The engine and its ~17,600 codes are
 * loaded only then (separate chunks), so they never delay the first screen.
 */
export function usePrompts(panels: RecordView, today: Date): PromptsState {
  const [state, setState] = useState<PromptsState>({ status: 'waiting' });
  const latest = useRef(panels);
  latest.current = panels;
  const states = Object.values(panels);
  const settled = states.length > 0 && states.every((p) => p?.status !== 'loading');
  // Re-evaluate when a write changes the record (e.g. a decline lands in the care plan).
  // Once per change of the record, not per render (a long record makes this a long string).
  const key = useMemo(
    () =>
      settled
        ? allResources(panels)
            .map((r) => `${r.resourceType}/${r.id}/${r.meta?.versionId ?? ''}`)
            .join(',')
        : '',
    [settled, panels],
  );
  const day = localDay(today);

  useEffect(() => {
    if (!settled) return;
    let live = true;
    Promise.all([import('../core/prompts'), import('../core/prompts/codes.generated.json')])
      .then(([engine, codes]) => {
        const sets = engine.loadCodeSets(
          codes.default as unknown as Parameters<typeof engine.loadCodeSets>[0],
        );
        const result = engine.evaluatePrompts({ resources: allResources(latest.current), date: day }, sets);
        if (live) setState({ status: 'ready', result, codes: sets });
      })
      .catch((err: unknown) => {
        if (live) setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      live = false;
    };
  }, [settled, key, day]);
  return state;
}
