/**
 * Finishing the sign-in on the app page and describing the session the screens work in.
 * `ready()` must run once per page load: a second call (e.g. React StrictMode's double
 * effects) would send the single-use code again and fail with invalid_grant.
 */
import type Client from 'fhirclient/lib/Client';
import {
  canReviewEvisits,
  grantedAccess,
  queueWriteAccess,
  writeAccess,
  type GrantedAccess,
  type WriteAccess,
} from '../core/smart/scopes';
import { exchangeStarted } from '../launch/exchange-slot';
import { recallLaunch } from '../launch/memory';
import { problem, type LaunchProblemError } from '../launch/problems';
import { smart } from '../launch/smart';
import { SMART_KEY } from '../launch/smart-key';
import { tabStore } from '../launch/tab-storage';
import { fhirRequester } from './requester';
import type { FhirRequester } from '../core/record/read';
import type { LaunchKind } from '../core/smart/scopes';

export type Role = 'clinician' | 'patient';

export interface Session {
  client: Client;
  iss: string;
  kind: LaunchKind;
  role: Role;
  patientId: string;
  /** `Practitioner/123` or `Patient/123`, relative, from the id token (decoded, not trusted for access). */
  fhirUser?: string;
  access: GrantedAccess;
  write: WriteAccess;
  /** SMART `need_patient_banner`; absent means the app must show its own banner. */
  needBanner: boolean;
  fhir: FhirRequester;
}

/**
 * A clinician launch with no patient in context: the e-visit review queue, which reads across
 * patients with user-level scopes. Opening an e-visit gives a `Session` for that patient
 * (`forPatient`).
 */
export interface QueueSession extends Omit<Session, 'patientId' | 'role' | 'write'> {
  view: 'evisit-queue';
}

/**
 * The session of one patient opened from the queue: the same sign-in, that patient's record, and
 * the queue's writes (a stewardship decision; the reply checks its own, `canReplyToEvisit`).
 */
export function forPatient(queue: QueueSession, patientId: string): Session {
  const { client, iss, kind, fhirUser, access, needBanner, fhir } = queue;
  return {
    client,
    iss,
    kind,
    role: 'clinician',
    patientId,
    ...(fhirUser ? { fhirUser } : {}),
    access,
    write: queueWriteAccess(access),
    needBanner,
    fhir,
  };
}

function relativeUser(fhirUser: string | undefined): string | undefined {
  const m = /(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)\/[^/]+$/.exec(fhirUser ?? '');
  return m?.[0];
}

function roleOf(fhirUser: string | undefined, kind: LaunchKind): Role {
  if (fhirUser?.startsWith('Patient/') || fhirUser?.startsWith('RelatedPerson/')) return 'patient';
  if (fhirUser?.startsWith('Practitioner')) return 'clinician';
  return kind === 'ehr' ? 'clinician' : 'patient';
}

function classify(err: unknown, url: URL, iss: string | undefined): LaunchProblemError {
  const detail = err instanceof Error ? err.message : String(err);
  const extra = { ...(iss ? { iss } : {}), detail };
  if (url.searchParams.has('code')) return problem('token-failed', extra);
  return problem(/state/i.test(detail) ? 'no-launch' : 'token-failed', extra);
}

/** The session of a launch with a patient in context; a queue launch is refused as patient-less. */
export async function openSession(href = window.location.href): Promise<Session> {
  const s = await openLaunch(href);
  if ('view' in s) throw problem('no-patient', { iss: s.iss });
  return s;
}

export async function openLaunch(href = window.location.href): Promise<Session | QueueSession> {
  const url = new URL(href);
  const memory = recallLaunch();
  const iss = memory?.iss;
  const authError = url.searchParams.get('error');
  if (authError) {
    const detail = [authError, url.searchParams.get('error_description')].filter(Boolean).join(': ');
    throw problem(authError === 'access_denied' ? 'access-denied' : 'auth-error', {
      ...(iss ? { iss } : {}),
      detail,
    });
  }
  const store = tabStore();
  const returning = url.searchParams.has('code') || url.searchParams.has('state');
  if (store.mode === 'memory' && !store.get(SMART_KEY)) {
    // The real cause, not "token failed": without storage the sign-in cannot outlive this page.
    throw problem('storage-blocked', {
      ...(iss ? { iss } : {}),
      detail: returning
        ? 'The browser refused sessionStorage to this page and the launch page handed nothing over (window.name), so the sign-in cannot be finished here.'
        : 'The browser refused sessionStorage to this page (third-party storage blocked in a frame?), so the sign-in lived in memory and ended when the page reloaded.',
    });
  }
  if (!returning && !store.get(SMART_KEY)) throw problem('no-launch');
  let client: Client;
  try {
    // The page's first script sent it (src/app/exchange-first.ts): ready() then finds the tokens
    // stored. Where no script sent it (a frame without sessionStorage, the dev server), ready() does.
    await exchangeStarted(href);
    client = await smart.ready();
  } catch (err) {
    throw classify(err, url, iss);
  }
  const token = client.state.tokenResponse ?? {};
  const styleUrl = token.smart_style_url;
  // Few EHRs send a style, so its code is fetched only when one does, not on every first screen.
  if (typeof styleUrl === 'string') void import('./ehr-style').then((m) => m.applyEhrStyle(styleUrl));
  const patientId = client.getPatientId();
  const kind: LaunchKind =
    memory?.kind ??
    (String(client.state.scope ?? '').includes('launch/patient') ? 'standalone-patient' : 'ehr');
  const fhirUser = relativeUser(client.getFhirUser() ?? undefined);
  const access = grantedAccess(
    typeof token.scope === 'string' ? token.scope : undefined,
    memory?.requested ?? client.state.scope ?? '',
  );
  if (!patientId) {
    // Only a clinician's EHR launch granted user-level Task reads is the review queue.
    if (kind === 'ehr' && roleOf(fhirUser, kind) === 'clinician' && canReviewEvisits(access)) {
      return {
        view: 'evisit-queue',
        client,
        iss: client.state.serverUrl,
        kind,
        ...(fhirUser ? { fhirUser } : {}),
        access,
        needBanner: token.need_patient_banner !== false,
        fhir: fhirRequester(client),
      };
    }
    throw problem('no-patient', iss ? { iss } : {});
  }
  return {
    client,
    iss: client.state.serverUrl,
    kind,
    role: roleOf(fhirUser, kind),
    patientId,
    ...(fhirUser ? { fhirUser } : {}),
    access,
    write: writeAccess(access),
    needBanner: token.need_patient_banner !== false,
    fhir: fhirRequester(client),
  };
}

let once: Promise<Session | QueueSession> | undefined;

/** The one sign-in of this page load. */
export function session(): Promise<Session | QueueSession> {
  once ??= openLaunch();
  return once;
}
