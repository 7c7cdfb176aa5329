import type { AuthorizeRequest } from './authorize-request';
import type { Grant, LaunchContext, Session, UserRef } from './model';
import { PROFILES } from '../profiles';
import { grantScopes, hasScope, parseScopes, patientUserScopes } from './scopes';

export type Decision =
  | { kind: 'approve'; user: UserRef; patient?: string }
  /** Nobody suitable is logged in: show the login page with this chooser. */
  | { kind: 'ask'; choose: 'practitioner' | 'patient' };

/**
 * EHR launch: the patient comes from the launch, the user must be a logged-in clinician.
 * Standalone: a logged-in patient is both user and (with launch/patient) the patient in context; a
 * logged-in clinician still has to pick a patient when launch/patient is asked for. A standalone
 * launch is approved without the consent page only when `preApproved` (the redirect URI belongs to
 * the sandbox's own app, or the user allowed that origin earlier in this session): otherwise any
 * page could send a signed-in user's browser here and collect a code for its own redirect URI.
 */
export function decide(
  request: AuthorizeRequest,
  launch: LaunchContext | undefined,
  session: Session | undefined,
  preApproved: boolean,
): Decision {
  const user = session?.user;
  if (launch) {
    if (launch.approvedUser) return { kind: 'approve', user: launch.approvedUser, patient: launch.patient };
    return user?.resourceType === 'Practitioner'
      ? { kind: 'approve', user, patient: launch.patient }
      : { kind: 'ask', choose: 'practitioner' };
  }
  const wantsPatient = hasScope(request.scopes, 'launch/patient');
  if (!preApproved) return { kind: 'ask', choose: 'patient' };
  if (user?.resourceType === 'Patient')
    return { kind: 'approve', user, patient: wantsPatient ? user.id : undefined };
  if (user && !wantsPatient) return { kind: 'approve', user };
  return { kind: 'ask', choose: 'patient' };
}

/** The cap that applies: the launch's for an EHR launch, the launcher session's for standalone. */
export function capFor(launch: LaunchContext | undefined, session: Session | undefined): string | undefined {
  return launch ? launch.grantCap : session?.grantCap;
}

export function buildGrant(
  request: AuthorizeRequest,
  approved: { user: UserRef; patient?: string },
  launch: LaunchContext | undefined,
  session: Session | undefined,
): Grant {
  const cap = capFor(launch, session);
  const profile = PROFILES[request.profile];
  const scopes = profile.grantScopes(
    grantScopes(request.scopes, cap === undefined ? undefined : parseScopes(cap)),
  );
  const asked = launch ? launch.needPatientBanner : (session?.needPatientBanner ?? true);
  return {
    clientId: request.clientId,
    profile: request.profile,
    scopes: approved.user.resourceType === 'Patient' ? patientUserScopes(scopes) : scopes,
    user: approved.user,
    patient: approved.patient,
    encounter: launch?.encounter,
    needPatientBanner: profile.needPatientBanner(asked, launch !== undefined),
    styleUrl: launch?.styleUrl,
    nonce: request.nonce,
  };
}
