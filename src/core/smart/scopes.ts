/**
 * SMART scopes: the types the app reads and writes, and what a granted scope string lets it do
 * (what the launch asks for is ./scope-request.ts, which only the launch page carries).
 * Servers may grant less than requested (SMART 2.2 §scopes), so every screen asks `can()` rather
 * than assuming.
 */

import { RECORD_INPUTS, type ReadType } from '../record/panels';

/** Reads: exactly what the read path fetches (the rules' inputs and the screens'). */
export const READ_TYPES: readonly ReadType[] = RECORD_INPUTS.map((i) => i.resourceType);

/** Writes only where the app writes. */
export const WRITE_TYPES = ['Goal', 'CarePlan', 'QuestionnaireResponse'] as const;

/**
 * What only the patient writes: survey scores and goal follow-up reports (Observations), and an
 * e-visit's request for review (Task). The
 * clinician's launch does not ask for it, and a grant without it leaves the rest writable; the
 * survey and follow-up check it themselves (`canReport`).
 */
export const PATIENT_REPORT_TYPES = ['Observation', 'Task'] as const;

export type { ReadType };
export type WriteType = (typeof WRITE_TYPES)[number];
export type LaunchKind = 'ehr' | 'standalone-patient';

/** c r u d s, in SMART v2 order. */
type Permission = 'c' | 'r' | 'u' | 'd' | 's';
const ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];

/**
 * What the clinician writes replying to an e-visit: the visit, the diagnosis, an intended order and
 * the message are created; the review Task is updated (closed with its outcome).
 */
export const EVISIT_REPLY_CREATES = [
  'Encounter',
  'Condition',
  'MedicationRequest',
  'ServiceRequest',
  'Communication',
] as const;

interface ParsedScope {
  context: 'patient' | 'user' | 'system';
  type: string;
  perms: Set<Permission>;
}

function parsePermissions(raw: string): Set<Permission> | undefined {
  if (raw === 'read') return new Set(['r', 's']);
  if (raw === 'write') return new Set(['c', 'u', 'd']);
  if (raw === '*') return new Set(ORDER);
  if (!/^c?r?u?d?s?$/.test(raw) || raw.length === 0) return undefined;
  return new Set(raw.split('') as Permission[]);
}

/** Parses one clinical scope (`patient/Goal.rs`, `user/*.read`, `patient/Observation.rs?category=…`). */
export function parseScope(scope: string): ParsedScope | undefined {
  const m = /^(patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)(\?.*)?$/.exec(scope);
  if (!m) return undefined;
  const perms = parsePermissions(m[3] ?? '');
  if (!perms) return undefined;
  return { context: m[1] as ParsedScope['context'], type: m[2] ?? '', perms };
}

export interface GrantedAccess {
  /** The raw granted scopes, as the server returned them. */
  scopes: string[];
  can(type: string, interaction: 'read' | 'search' | 'create' | 'update'): boolean;
}

const INTERACTION: Record<'read' | 'search' | 'create' | 'update', Permission> = {
  read: 'r',
  search: 's',
  create: 'c',
  update: 'u',
};

/**
 * A server that returns no `scope` in the token response granted what was asked (RFC 6749 §5.1),
 * so callers pass the requested scopes as the fallback.
 */
export function grantedAccess(granted: string | undefined, requested: string): GrantedAccess {
  const scopes = (granted?.trim() ? granted : requested).split(/\s+/).filter(Boolean);
  const parsed = scopes.map(parseScope).filter((s): s is ParsedScope => s !== undefined);
  return {
    scopes,
    can(type, interaction) {
      const p = INTERACTION[interaction];
      return parsed.some((s) => (s.type === '*' || s.type === type) && s.perms.has(p));
    },
  };
}

export interface WriteAccess {
  /** True when every write the app makes is allowed. */
  canWrite: boolean;
  /** Resource types the app writes but may not create or update. */
  missing: WriteType[];
}

/** The patient may record survey answers and goal reports: the response, the Observation, the Goal. */
export function canReport(access: GrantedAccess): boolean {
  return (
    access.can('QuestionnaireResponse', 'create') &&
    access.can('Observation', 'create') &&
    access.can('Goal', 'update')
  );
}

/** The session reads Tasks across patients: a user-level grant, as the review queue needs. */
export function canReviewEvisits(access: GrantedAccess): boolean {
  return access.scopes
    .map(parseScope)
    .some((s) => s?.context === 'user' && (s.type === 'Task' || s.type === '*') && s.perms.has('s'));
}

/**
 * What the review queue writes besides the reply: a stewardship decision, into the shared care plan
 * (created or updated) with the target goal an accepted prompt proposes (created).
 */
export function queueWriteAccess(access: GrantedAccess): WriteAccess {
  const missing = (['CarePlan', 'Goal'] as const).filter(
    (t) => !(access.can(t, 'create') && (t === 'Goal' || access.can(t, 'update'))),
  );
  return { canWrite: missing.length === 0, missing };
}

/** Everything a reply writes may be written (else the review is read-only, and says so). */
export function canReplyToEvisit(access: GrantedAccess): boolean {
  return EVISIT_REPLY_CREATES.every((t) => access.can(t, 'create')) && access.can('Task', 'update');
}

export function writeAccess(access: GrantedAccess): WriteAccess {
  const missing = WRITE_TYPES.filter((t) => !(access.can(t, 'create') && access.can(t, 'update')));
  return { canWrite: missing.length === 0, missing };
}
