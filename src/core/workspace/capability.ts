/**
 * Whether the server itself accepts the writes the workspace makes. Scopes can be granted on a
 * server that does not support create or update of a type at all (its CapabilityStatement says so),
 * in which case the workspace is read-only for that reason too.
 */
import type { CapabilityStatement } from 'fhir/r4';

export function unsupportedWrites(cs: CapabilityStatement | undefined, types: readonly string[]): string[] {
  const rest = cs?.rest?.find((r) => r.mode === 'server') ?? cs?.rest?.[0];
  // A statement that says nothing about resources is no evidence either way.
  if (!rest?.resource?.length) return [];
  return types.filter((type) => {
    const r = rest.resource?.find((x) => x.type === type);
    const codes = new Set((r?.interaction ?? []).map((i) => i.code));
    return !(codes.has('create') && codes.has('update'));
  });
}
