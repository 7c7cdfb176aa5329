/**
 * What a server's CapabilityStatement says it does. Scopes can be granted on a server that does not
 * create or update a type at all, and conditional create (`If-None-Exist`) is optional in R4, so the
 * workspace and the write runtime both ask the statement rather than assume.
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';

function serverResources(cs: CapabilityStatement | undefined): CapabilityStatementRestResource[] {
  const rest = cs?.rest?.find((r) => r.mode === 'server') ?? cs?.rest?.[0];
  return rest?.resource ?? [];
}

/** The types among `types` the server does not both create and update. */
export function unsupportedWrites(cs: CapabilityStatement | undefined, types: readonly string[]): string[] {
  const resources = serverResources(cs);
  // A statement that says nothing about resources is no evidence either way.
  if (!resources.length) return [];
  return types.filter((type) => {
    const r = resources.find((x) => x.type === type);
    const codes = new Set((r?.interaction ?? []).map((i) => i.code));
    return !(codes.has('create') && codes.has('update'));
  });
}

/** The types the server says it creates conditionally (`If-None-Exist`). */
export function conditionalCreateTypes(cs: CapabilityStatement | undefined): Set<string> {
  return new Set(
    serverResources(cs)
      .filter((r) => r.conditionalCreate === true)
      .map((r) => r.type),
  );
}
