/** Reading codes out of CodeableConcepts, whatever the feature. */
import type { CodeableConcept } from 'fhir/r4';

/** Whether any of the concepts holds a coding of `system` (with `code`, when given). */
export function hasCoding(
  concepts: CodeableConcept[] | CodeableConcept | undefined,
  system: string,
  code?: string,
): boolean {
  const list = Array.isArray(concepts) ? concepts : concepts ? [concepts] : [];
  return list.some((c) =>
    c.coding?.some((x) => x.system === system && (code === undefined || x.code === code)),
  );
}

/** The first code of `system` among the concepts. */
export function codeFrom(concepts: CodeableConcept[] | undefined, system: string): string | undefined {
  for (const c of concepts ?? []) {
    const hit = c.coding?.find((x) => x.system === system && x.code);
    if (hit?.code) return hit.code;
  }
  return undefined;
}
