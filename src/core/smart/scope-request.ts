/**
 * The scope string the launch page asks for. Its own module, apart from ./scopes.ts, so that the
 * app page, which only reads the grant, does not carry it before its first screen.
 */
import { RECORD_INPUTS } from '../record/panels';
import { EVISIT_REPLY_CREATES, PATIENT_REPORT_TYPES, WRITE_TYPES, type LaunchKind } from './scopes';

export interface ScopeRequestOptions {
  launch: LaunchKind;
  /** The server advertises `permission-v2`; otherwise ask in v1 syntax. */
  v2: boolean;
}

/** The scope string the app requests: identity, context, refresh, and the least data access that works. */
export function requestedScopes({ launch, v2 }: ScopeRequestOptions): string {
  const scopes = ['openid', 'fhirUser', 'online_access', launch === 'ehr' ? 'launch' : 'launch/patient'];
  for (const input of RECORD_INPUTS) {
    const type = input.resourceType;
    const writes = (WRITE_TYPES as readonly string[]).includes(type);
    const reports =
      launch === 'standalone-patient' && (PATIENT_REPORT_TYPES as readonly string[]).includes(type);
    if (v2) {
      // What is read by id needs no search permission; reports are created, never changed.
      const perms = 'byId' in input ? 'r' : writes ? 'crus' : reports ? 'crs' : 'rs';
      scopes.push(`patient/${type}.${perms}`);
    } else {
      scopes.push(`patient/${type}.read`);
      if (writes || reports) scopes.push(`patient/${type}.write`);
    }
  }
  return scopes.join(' ');
}

/**
 * The e-visit review queue: a clinician launch with no patient in context, so every scope is
 * user-level (the queue spans patients). It reads what the patient launch reads — the record the
 * review shows and the stewardship rules evaluate — for whichever patient is opened, and writes
 * only the reply and a stewardship decision. Each write is a scope of its own, so a server that refuses it still grants the
 * read (the queue then opens read-only).
 */
export function queueScopes({ v2 }: { v2: boolean }): string {
  const scopes = ['openid', 'fhirUser', 'online_access', 'launch'];
  for (const input of RECORD_INPUTS) {
    // Patients are found by id list (the queue's names), so Patient needs search too.
    scopes.push(`user/${input.resourceType}.${v2 ? 'rs' : 'read'}`);
  }
  // The reviewer's own Practitioner, for the name signed under the reply the patient reads.
  scopes.push(`user/Practitioner.${v2 ? 'r' : 'read'}`);
  for (const type of EVISIT_REPLY_CREATES) scopes.push(`user/${type}.${v2 ? 'c' : 'write'}`);
  scopes.push(v2 ? 'user/Task.u' : 'user/Task.write');
  // A stewardship prompt's decision is kept as in the visit workspace: in the shared care plan,
  // with the target goal an accepted prompt proposes.
  scopes.push(v2 ? 'user/CarePlan.cu' : 'user/CarePlan.write', v2 ? 'user/Goal.c' : 'user/Goal.write');
  return [...new Set(scopes)].join(' ');
}
