import type { FhirResource } from 'fhir/r4';
import { useEffect, useState } from 'react';
import type { EvaluationResult } from '../core/prompts';
import type { CodeNames } from '../core/prompts/evidence';
import type { RecordView } from '../ui/useRecord';
import { codeNames } from './evaluation/evaluate';
import { promptEvaluator, type PromptEvaluator } from './evaluation/evaluator';

export type PromptsState =
  | { status: 'waiting' }
  /** `codes` name the bare codes in a prompt's evidence. */
  | { status: 'ready'; result: EvaluationResult; codes?: CodeNames }
  | { status: 'failed'; message: string };

/** YYYY-MM-DD in the user's own calendar day, which is what "today" means to a clinician. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Each ready panel's list, in panel order: the record the rules read. */
function readyLists(panels: RecordView): FhirResource[][] {
  return Object.values(panels).flatMap((p) => (p?.status === 'ready' ? [p.resources] : []));
}

const sameLists = (a: readonly FhirResource[][], b: readonly FhirResource[][]) =>
  a.length === b.length && a.every((list, i) => list === b[i]);

/**
 * Runs the value-care rules once the whole record is read, off the page's thread where it can
 * (./evaluation/evaluator). A panel's list is replaced, never changed in place, when a write
 * lands in it (useRecord's replace), so a new list is a changed record and the rules run again;
 * comparing the lists themselves costs nothing, where a key over 20,000 resources did.
 */
export function usePrompts(
  panels: RecordView,
  today: Date,
  evaluator: PromptEvaluator = promptEvaluator(),
): PromptsState {
  const [state, setState] = useState<PromptsState>({ status: 'waiting' });
  const states = Object.values(panels);
  const settled = states.length > 0 && states.every((p) => p?.status !== 'loading');
  const [record, setRecord] = useState<FhirResource[][] | undefined>(undefined);
  if (settled) {
    const current = readyLists(panels);
    // React's pattern for state derived from props: set during render, re-rendered before commit.
    if (!record || !sameLists(current, record)) setRecord(current);
  }
  const day = localDay(today);

  useEffect(() => {
    // The worker loads its code sets while the rest of the record is still being read.
    evaluator.warm();
  }, [evaluator]);

  useEffect(() => {
    if (!settled || !record) return;
    let live = true;
    const start = performance.now();
    evaluator
      .evaluate(record, day)
      .then(({ result, names }) => {
        // For the big-record bench: from the settled record to the prompts' answer.
        performance.measure('cg:prompt-evaluation', { start, end: performance.now() });
        if (live) setState({ status: 'ready', result, codes: codeNames(names) });
      })
      .catch((err: unknown) => {
        if (live) setState({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      live = false;
    };
  }, [settled, record, day, evaluator]);
  return state;
}
