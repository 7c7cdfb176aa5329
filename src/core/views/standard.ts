// What a ViewDefinition may use to run unchanged on another SQL-on-FHIR v2 engine (Pathling on
// Spark): the spec's ViewDefinition elements and its required FHIRPath subset. This runner accepts
// a little more (count(), last(), `&`, `|`, …); a view kept in the repository must not need it.
import { parseFhirPath, type FhirPathNode } from './fhirpath';
import type { ViewDefinition, ViewSelect } from './compile';

const VIEW_KEYS = new Set([
  'resourceType',
  'url',
  'identifier',
  'name',
  'title',
  'meta',
  'status',
  'experimental',
  'publisher',
  'contact',
  'description',
  'useContext',
  'copyright',
  'resource',
  'fhirVersion',
  'constant',
  'select',
  'where',
]);
const SELECT_KEYS = new Set(['column', 'select', 'forEach', 'forEachOrNull', 'repeat', 'unionAll']);
const COLUMN_KEYS = new Set(['name', 'path', 'description', 'collection', 'type', 'tag']);
/** The spec's "FHIRPath subset" (required functions; the boundaries are there too). */
const FUNCTIONS = new Set([
  'where',
  'exists',
  'empty',
  'extension',
  'join',
  'ofType',
  'first',
  'not',
  'getResourceKey',
  'getReferenceKey',
  'lowBoundary',
  'highBoundary',
]);
const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=', 'and', 'or', '+', '-', '*', '/']);

function pathProblems(node: FhirPathNode, where: string, out: string[]): void {
  switch (node.kind) {
    case 'call':
      if (!FUNCTIONS.has(node.name))
        out.push(`${where}: ${node.name}() is not in the SQL-on-FHIR FHIRPath subset`);
      if (node.base) pathProblems(node.base, where, out);
      for (const a of node.args) pathProblems(a, where, out);
      return;
    case 'binary':
      if (!OPERATORS.has(node.op))
        out.push(`${where}: operator "${node.op}" is not in the SQL-on-FHIR FHIRPath subset`);
      pathProblems(node.left, where, out);
      pathProblems(node.right, where, out);
      return;
    case 'member':
      if (node.base) pathProblems(node.base, where, out);
      return;
    case 'index':
      pathProblems(node.base, where, out);
      pathProblems(node.index, where, out);
      return;
    case 'negate':
      pathProblems(node.operand, where, out);
      return;
    default:
      return;
  }
}

function selectProblems(s: ViewSelect, where: string, out: string[]): void {
  for (const k of Object.keys(s))
    if (!SELECT_KEYS.has(k)) out.push(`${where}: "${k}" is not a select element`);
  for (const k of ['forEach', 'forEachOrNull'] as const) {
    const p = s[k];
    if (typeof p === 'string') pathProblems(parseFhirPath(p), `${where}.${k}`, out);
  }
  for (const p of s.repeat ?? []) pathProblems(parseFhirPath(p), `${where}.repeat`, out);
  (s.column ?? []).forEach((c, i) => {
    for (const k of Object.keys(c))
      if (!COLUMN_KEYS.has(k)) out.push(`${where}.column[${i}]: "${k}" is not a column element`);
    pathProblems(parseFhirPath(c.path), `${where}.column[${i}] (${c.name})`, out);
  });
  (s.select ?? []).forEach((n, i) => selectProblems(n, `${where}.select[${i}]`, out));
  (s.unionAll ?? []).forEach((n, i) => selectProblems(n, `${where}.unionAll[${i}]`, out));
}

/** Why this view might not run unchanged on another engine; [] when it keeps to the standard. */
export function nonStandardFeatures(view: ViewDefinition): string[] {
  const out: string[] = [];
  if (view.resourceType !== 'ViewDefinition') out.push('resourceType must be "ViewDefinition"');
  for (const k of Object.keys(view))
    if (!VIEW_KEYS.has(k)) out.push(`"${k}" is not a ViewDefinition element`);
  view.select.forEach((s, i) => selectProblems(s, `select[${i}]`, out));
  (view.where ?? []).forEach((w, i) => pathProblems(parseFhirPath(w.path), `where[${i}]`, out));
  return out;
}
