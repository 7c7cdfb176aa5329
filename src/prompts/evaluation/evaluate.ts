/**
 * The prompt evaluation as the screens use it, the same on the page's thread and in the worker:
 * the engine's result plus the names of the codes its evidence holds, so a worker's answer can be
 * described on the page without the 17,600 compiled codes ever loading there.
 */
import type { FhirResource } from 'fhir/r4';
import type { CodeSets, EvaluationResult } from '../../core/prompts';
import { evaluatePrompts } from '../../core/prompts/engine';
import { evidenceLookup, type CodeNames } from '../../core/prompts/evidence';

type CodeName = ReturnType<CodeSets['nameOf']>;

/** `nameOf` answers by `system|code` (structured-clone friendly: a plain object, not a Map). */
export type CodeNameTable = Record<string, CodeName | null>;

export interface ScreenEvaluation {
  result: EvaluationResult;
  names: CodeNameTable;
}

const keyOf = (system: string | undefined, code: string) => `${system ?? ''}|${code}`;

/** Every `{ system, code }` in a resource (codings, at any depth, contained resources too). */
function codingsIn(value: unknown, out: { system?: string; code: string }[]): void {
  if (Array.isArray(value)) {
    for (const v of value) codingsIn(v, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.code === 'string' && (o.system === undefined || typeof o.system === 'string')) {
    out.push({ ...(typeof o.system === 'string' ? { system: o.system } : {}), code: o.code });
  }
  for (const v of Object.values(o)) if (v && typeof v === 'object') codingsIn(v, out);
}

/** Every `reference` a resource makes (e.g. a MedicationRequest's Medication). */
function referencesIn(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.reference === 'string') out.push(o.reference);
  for (const v of Object.values(o)) if (v && typeof v === 'object') referencesIn(v, out);
}

/**
 * The names of every code in the evidence of `result` and in what that evidence points to: all
 * that describing it can ask for (core/prompts/evidence.ts), answered by the code sets themselves.
 */
export function evidenceCodeNames(
  result: EvaluationResult,
  resources: readonly FhirResource[],
  sets: CodeSets,
): CodeNameTable {
  const find = evidenceLookup(resources);
  const refs = [
    ...result.prompts.flatMap((p) => p.evidence),
    ...result.suppressed.flatMap((s) => s.evidence),
  ];
  const evidence = new Set<FhirResource>();
  for (const ref of refs) {
    const r = find(ref);
    if (!r || evidence.has(r)) continue;
    evidence.add(r);
    const pointed: string[] = [];
    referencesIn(r, pointed);
    for (const p of pointed) {
      const target = find(p);
      if (target) evidence.add(target);
    }
  }
  const table: CodeNameTable = {};
  for (const r of evidence) {
    const codings: { system?: string; code: string }[] = [];
    codingsIn(r, codings);
    for (const c of codings) {
      const key = keyOf(c.system, c.code);
      if (!(key in table)) table[key] = sets.nameOf(c.system, c.code) ?? null;
    }
  }
  return table;
}

export function evaluateForScreen(
  resources: readonly FhirResource[],
  date: string,
  sets: CodeSets,
): ScreenEvaluation {
  const result = evaluatePrompts({ resources, date }, sets);
  return { result, names: evidenceCodeNames(result, resources, sets) };
}

/** The code sets' `nameOf`, as far as describing this evaluation's evidence needs it. */
export function codeNames(table: CodeNameTable): CodeNames {
  return { nameOf: (system, code) => table[keyOf(system, code)] ?? undefined };
}
