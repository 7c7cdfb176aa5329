/**
 * Referential integrity on write. Real servers refuse a reference to a resource they do not hold
 * (HAPI by default: "Resource Patient/x not found, specified in path: Goal.subject"); Medplum's
 * in-memory repository stores it, so a client that wrote a Goal for a patient id it mistyped, or a
 * CarePlan naming a Goal it never created, would pass here and fail on the first real EHR.
 */
import { isResourceType } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { rewriteReferences } from './references';

export interface LiteralReference {
  /** Where it sits, FHIRPath-like: `CarePlan.activity[0].detail.goal[1]`. */
  path: string;
  /** `Type/id`, relative, without a version. */
  target: string;
}

/**
 * The references in a resource (contained resources and extensions included) that name a resource
 * on this server: relative `Type/id[/_history/v]` or absolute under `baseUrl`. Contained (`#x`),
 * logical (`urn:uuid:`) and other servers' references are not this server's to check.
 */
export function literalReferences(resource: Resource, baseUrl: string): LiteralReference[] {
  const out: LiteralReference[] = [];
  // Every `map` answers undefined, so the walk changes nothing.
  rewriteReferences(resource, (reference, _holder, path) => {
    const target = localTarget(reference, baseUrl);
    if (target) out.push({ path, target });
    return undefined;
  });
  return out;
}

function localTarget(reference: string, baseUrl: string): string | undefined {
  const relative = reference.startsWith(`${baseUrl}/`) ? reference.slice(baseUrl.length + 1) : reference;
  const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
    relative,
  );
  return match?.[1] && match[2] && isResourceType(match[1]) ? `${match[1]}/${match[2]}` : undefined;
}
