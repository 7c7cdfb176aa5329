/**
 * SMART scope grammar, v1 (`patient/Goal.read`, `user/*.write`) and v2 (`patient/Goal.rs`,
 * `patient/*.cruds`, `patient/Observation.rs?category=…`). Query restrictions are accepted and
 * kept in the scope text but enforced as the unrestricted scope.
 */

export type ScopeContext = 'patient' | 'user';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** Canonical v2 order. */
const PERMISSION_ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];

export interface ResourceScope {
  kind: 'resource';
  text: string;
  context: ScopeContext;
  /** A resource type or `*`. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  version: 1 | 2;
}

/** Identity, context and refresh scopes the server understands. */
export const SPECIAL_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
] as const;
export type SpecialScopeName = (typeof SPECIAL_SCOPES)[number];

export interface SpecialScope {
  kind: 'special';
  text: SpecialScopeName;
}

export type Scope = ResourceScope | SpecialScope;

const RESOURCE_SCOPE = /^(patient|user)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(\?.*)?$/;

const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/** Returns undefined for anything malformed or unsupported (e.g. `system/` scopes for a public client). */
export function parseScope(text: string): Scope | undefined {
  if ((SPECIAL_SCOPES as readonly string[]).includes(text)) {
    return { kind: 'special', text: text as SpecialScopeName };
  }
  const match = RESOURCE_SCOPE.exec(text);
  if (!match) return undefined;
  const [, context, resourceType, access] = match as unknown as [string, ScopeContext, string, string];
  const v1 = V1_PERMISSIONS[access];
  if (v1) return { kind: 'resource', text, context, resourceType, permissions: new Set(v1), version: 1 };
  if (!isV2Permissions(access)) return undefined;
  return {
    kind: 'resource',
    text,
    context,
    resourceType,
    permissions: new Set(access as unknown as Permission[]),
    version: 2,
  };
}

/** v2 letters must be a non-empty subsequence of c r u d s, in that order, without repeats. */
function isV2Permissions(access: string): boolean {
  let next = 0;
  for (const letter of access) {
    const at = PERMISSION_ORDER.indexOf(letter as Permission, next);
    if (at < 0) return false;
    next = at + 1;
  }
  return access.length > 0;
}

export function parseScopes(text: string | null | undefined): Scope[] {
  const seen = new Set<string>();
  const out: Scope[] = [];
  for (const word of (text ?? '').split(/\s+/)) {
    if (!word || seen.has(word)) continue;
    seen.add(word);
    const scope = parseScope(word);
    if (scope) out.push(scope);
  }
  return out;
}

export function formatScopes(scopes: readonly Scope[]): string {
  return scopes.map((s) => s.text).join(' ');
}

export function hasScope(scopes: readonly Scope[], name: SpecialScopeName): boolean {
  return scopes.some((s) => s.kind === 'special' && s.text === name);
}

/**
 * What the server grants: the requested scopes, narrowed by an optional cap (the launcher's
 * `grant` parameter).
 *
 * - Resource scopes are intersected permission by permission, so `patient/*.cruds` under a cap
 *   of `patient/*.rs` becomes `patient/*.rs`.
 * - Identity/context/refresh scopes pass through unless the cap names at least one of them; then
 *   only the ones it names pass. That lets a cap of `patient/*.rs` mean "read-only" without also
 *   taking away `openid` or `launch`.
 */
export function grantScopes(requested: readonly Scope[], cap?: readonly Scope[]): Scope[] {
  if (!cap) return [...requested];
  const capSpecial = cap.filter((s): s is SpecialScope => s.kind === 'special');
  const capResource = cap.filter((s): s is ResourceScope => s.kind === 'resource');
  const granted: Scope[] = [];
  const seen = new Set<string>();
  const push = (scope: Scope) => {
    if (seen.has(scope.text)) return;
    seen.add(scope.text);
    granted.push(scope);
  };
  for (const scope of requested) {
    if (scope.kind === 'special') {
      if (capSpecial.length === 0 || capSpecial.some((c) => c.text === scope.text)) push(scope);
      continue;
    }
    for (const limit of capResource) {
      const narrowed = intersect(scope, limit);
      if (narrowed) push(narrowed);
    }
  }
  return granted;
}

function intersect(scope: ResourceScope, limit: ResourceScope): ResourceScope | undefined {
  if (scope.context !== limit.context) return undefined;
  let resourceType: string;
  if (limit.resourceType === '*' || limit.resourceType === scope.resourceType)
    resourceType = scope.resourceType;
  else if (scope.resourceType === '*') resourceType = limit.resourceType;
  else return undefined;
  const permissions = new Set([...scope.permissions].filter((p) => limit.permissions.has(p)));
  if (permissions.size === 0) return undefined;
  const unchanged = resourceType === scope.resourceType && permissions.size === scope.permissions.size;
  if (unchanged) return scope;
  const letters = PERMISSION_ORDER.filter((p) => permissions.has(p)).join('');
  return {
    kind: 'resource',
    text: `${scope.context}/${resourceType}.${letters}`,
    context: scope.context,
    resourceType,
    permissions,
    version: 2,
  };
}

/** What a patient signing in for themselves may hold besides `patient/` resource scopes. */
const PATIENT_USER_SPECIAL: ReadonlySet<SpecialScopeName> = new Set([
  'openid',
  'fhirUser',
  'launch/patient',
  'online_access',
  'offline_access',
]);

/**
 * A patient user reaches only their own compartment: `user/` scopes (every patient's records) and
 * EHR-only context scopes are dropped from the grant, as real servers do, rather than refused.
 */
export function patientUserScopes(scopes: readonly Scope[]): Scope[] {
  return scopes.filter((s) =>
    s.kind === 'special' ? PATIENT_USER_SPECIAL.has(s.text) : s.context === 'patient',
  );
}

/** Every scope the discovery document lists as supported (the resource ones as patterns). */
export const SCOPES_SUPPORTED: readonly string[] = [
  ...SPECIAL_SCOPES,
  'patient/*.cruds',
  'patient/*.rs',
  'user/*.cruds',
  'user/*.rs',
  'patient/*.read',
  'patient/*.write',
  'user/*.read',
  'user/*.write',
];
