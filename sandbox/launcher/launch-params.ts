import { parseRedirectUri } from '../auth/urls';
import { isProfileName, PROFILE_NAMES, type ProfileName } from '../profiles';

export interface LaunchParams {
  role: 'clinician' | 'patient';
  /** Absent only for the e-visit review queue, a clinician launch with no patient in context. */
  patient?: string;
  /** `queue=1`: the clinician opens the e-visit review queue, across patients. */
  queue: boolean;
  launchUri: URL;
  practitioner?: string;
  encounter?: string;
  grantCap?: string;
  needPatientBanner: boolean;
  /** Send the sandbox EHR's `smart_style_url` with the token. */
  style: boolean;
  /** Which real EHR's constraints this launch runs under (its tokens keep it). */
  profile: ProfileName;
}

export type LaunchParamsResult = { ok: true; params: LaunchParams } | { ok: false; message: string };

/**
 * `/launcher?role=…&patient=…&launch_uri=…[&practitioner=…][&encounter=…][&grant=…][&banner=0|1][&style=1][&profile=…]`,
 * or `/launcher?role=clinician&queue=1&launch_uri=…` for the e-visit review queue (no patient)
 * (and the same on `/launcher/embedded`).
 */
export function parseLaunchParams(query: URLSearchParams): LaunchParamsResult {
  const role = query.get('role');
  if (role !== 'clinician' && role !== 'patient')
    return { ok: false, message: 'role must be clinician or patient.' };
  const queue = query.getAll('queue').at(-1) === '1';
  if (queue && role !== 'clinician')
    return { ok: false, message: 'The e-visit review queue is a clinician launch (role=clinician).' };
  // The queue spans patients: a patient the form still sends is not put in context.
  const patient = queue ? undefined : query.get('patient')?.trim();
  if (!queue && !patient) return { ok: false, message: 'Choose a patient (patient=<id>).' };
  const launchUri = parseRedirectUri(query.get('launch_uri'));
  if (!launchUri)
    return { ok: false, message: 'launch_uri must be the absolute http(s) URL of the app launch page.' };
  // The form sends a hidden banner=0 before the checkbox, so the last value is the user's choice.
  const banner = query.getAll('banner').at(-1);
  const profile = query.get('profile')?.trim() || 'default';
  if (!isProfileName(profile))
    return { ok: false, message: `profile must be one of ${PROFILE_NAMES.join(', ')}.` };
  return {
    ok: true,
    params: {
      role,
      ...(patient ? { patient } : {}),
      queue,
      launchUri,
      practitioner: query.get('practitioner')?.trim() || undefined,
      encounter: query.get('encounter')?.trim() || undefined,
      grantCap: query.get('grant')?.trim() || undefined,
      needPatientBanner: banner !== '0',
      style: query.getAll('style').at(-1) === '1',
      profile,
    },
  };
}
