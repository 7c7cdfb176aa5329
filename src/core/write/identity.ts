/**
 * Stable business identifiers make creates idempotent: a retry carries the same identifier, and the
 * server's conditional create (`If-None-Exist`) returns the first copy instead of making a second.
 * RFC 3986 URN identifiers need no registry and are valid FHIR `Identifier.system`/`value` pairs.
 */
import type { Identifier } from 'fhir/r4';

import { URN_SYSTEM } from '../fhir/vocabulary';

/** `randomUUID` is injected so the core stays free of platform APIs (browser and Node both have one). */
export function newIdentifier(randomUUID: () => string): Identifier {
  return { system: URN_SYSTEM, value: `urn:uuid:${randomUUID()}` };
}

/** Most resources carry a list of identifiers; QuestionnaireResponse (like a few others) carries one. */
export function businessIdentifier(resource: {
  identifier?: Identifier[] | Identifier;
}): Identifier | undefined {
  const ids = Array.isArray(resource.identifier)
    ? resource.identifier
    : resource.identifier
      ? [resource.identifier]
      : [];
  return ids.find((i) => i.system === URN_SYSTEM && i.value?.startsWith('urn:uuid:'));
}

/** The search that finds an earlier copy of a create: `identifier=system|value`. */
export function identifierQuery(id: Identifier): string {
  return `identifier=${encodeURIComponent(`${id.system ?? ''}|${id.value ?? ''}`)}`;
}
