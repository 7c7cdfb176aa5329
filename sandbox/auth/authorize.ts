import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm } from '../http/body';
import { redirect, sendHtml } from '../http/respond';
import { patientLabel, practitionerLabel } from '../launcher/people';
import type { AuthState, PendingAuthorization } from './auth-state';
import { parseAuthorizeRequest, type AuthorizeRequest } from './authorize-request';
import { buildGrant, decide } from './decide';
import type { Grant, UserRef } from './model';
import { authErrorPage, consentExpiredPage, consentPage, type ChoiceOption } from './pages';
import type { PeopleDirectory } from './people-directory';
import { hasScope } from './scopes';
import { currentSession, startSession } from './sessions';
import { withParams } from './urls';
import type { ProfileName } from '../profiles';

export interface AuthorizeDeps {
  fhirBaseUrl: string;
  /** The origin of the app this sandbox ships with: its redirect URIs are pre-approved. */
  appOrigin: string;
  state: AuthState;
  people: PeopleDirectory;
  /** The launch profile a token for `aud` is served under; undefined = not a base of this sandbox. */
  profileOfAud?: (aud: string) => ProfileName | undefined;
}

/** GET /auth/authorize */
export async function handleAuthorize(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: AuthorizeDeps,
): Promise<void> {
  const parsed = parseAuthorizeRequest(url.searchParams, deps.fhirBaseUrl, deps.profileOfAud);
  if (parsed.kind === 'page-error') return sendHtml(res, 400, authErrorPage(parsed.message));
  if (parsed.kind === 'redirect-error') {
    const { redirectUri, error, description, state } = parsed;
    return redirect(res, withParams(redirectUri, { error, error_description: description, state }));
  }
  const request = parsed.request;
  const launch = request.launch === undefined ? undefined : deps.state.launches.get(request.launch);
  if (request.launch !== undefined && !launch) {
    return redirectError(res, request, 'invalid_request', 'Unknown or expired launch id');
  }
  const session = currentSession(req, deps.state);
  const redirectOrigin = new URL(request.redirectUri).origin;
  const preApproved =
    redirectOrigin === deps.appOrigin || (session?.approvedOrigins ?? []).includes(redirectOrigin);
  const decision = decide(request, launch, session, preApproved);
  if (decision.kind === 'approve') {
    return redirectWithCode(res, request, buildGrant(request, decision, launch, session), deps.state);
  }
  const pending: PendingAuthorization = { request, launch, session, choose: decision.choose };
  return showConsent(res, deps.state.pending.add(pending), pending, deps);
}

/** POST /auth/authorize — the Allow / Deny form. */
export async function handleConsent(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AuthorizeDeps,
): Promise<void> {
  const form = await readForm(req);
  const pending = deps.state.pending.take(form.get('request'));
  if (!pending) return sendHtml(res, 400, consentExpiredPage());
  const { request, launch, session, choose } = pending;
  if (form.get('decision') !== 'allow') {
    return redirectError(res, request, 'access_denied', 'The user denied access');
  }
  const chosen = form.get(choose) ?? '';
  if (!(await isKnown(deps.people, choose, chosen))) {
    // Put the request back so the user can pick again instead of starting over.
    return showConsent(res, deps.state.pending.add(pending), pending, deps, 400);
  }
  let user: UserRef;
  let patient: string | undefined;
  if (choose === 'practitioner') {
    user = { resourceType: 'Practitioner', id: chosen };
    patient = launch?.patient;
  } else {
    user =
      session?.user.resourceType === 'Practitioner' ? session.user : { resourceType: 'Patient', id: chosen };
    patient = hasScope(request.scopes, 'launch/patient') ? chosen : undefined;
  }
  // Signing in here logs the user in to the sandbox EHR, so the next launch to this app needs no clicks.
  const approvedOrigins = [
    ...new Set([...(session?.approvedOrigins ?? []), new URL(request.redirectUri).origin]),
  ];
  const sameUser = session?.user.id === user.id && session.user.resourceType === user.resourceType;
  if (sameUser && session) session.approvedOrigins = approvedOrigins;
  const cookie = sameUser
    ? undefined
    : startSession(deps.state, {
        user,
        needPatientBanner: session?.needPatientBanner ?? true,
        grantCap: session?.grantCap,
        approvedOrigins,
      });
  const grant = buildGrant(request, { user, patient }, launch, session);
  return redirectWithCode(res, request, grant, deps.state, cookie);
}

function redirectWithCode(
  res: ServerResponse,
  request: AuthorizeRequest,
  grant: Grant,
  state: AuthState,
  cookie?: string,
): void {
  const code = state.codes.add({
    grant,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
  });
  redirect(
    res,
    withParams(request.redirectUri, { code, state: request.state }),
    cookie ? { 'set-cookie': cookie } : {},
  );
}

function redirectError(
  res: ServerResponse,
  request: AuthorizeRequest,
  error: string,
  description: string,
): void {
  redirect(
    res,
    withParams(request.redirectUri, { error, error_description: description, state: request.state }),
  );
}

async function showConsent(
  res: ServerResponse,
  pendingId: string,
  pending: PendingAuthorization,
  deps: AuthorizeDeps,
  status = 200,
): Promise<void> {
  const { request, launch, session, choose } = pending;
  const options: ChoiceOption[] =
    choose === 'practitioner'
      ? (await deps.people.listPractitioners()).map((p) => ({ id: p.id ?? '', label: practitionerLabel(p) }))
      : (await deps.people.listPatients()).map((p) => ({ id: p.id ?? '', label: patientLabel(p) }));
  const signedInAs =
    session?.user.resourceType === 'Practitioner' && choose === 'patient' ? session.user.id : undefined;
  sendHtml(
    res,
    status,
    consentPage({
      pendingId,
      clientId: request.clientId,
      redirectHost: new URL(request.redirectUri).host,
      scopes: request.scopes,
      choose,
      options: options.filter((o) => o.id),
      preselect: choose === 'practitioner' ? launch?.practitioner : session?.user.id,
      signedInAs,
    }),
  );
}

async function isKnown(
  people: PeopleDirectory,
  choose: 'practitioner' | 'patient',
  id: string,
): Promise<boolean> {
  if (!id) return false;
  const list = choose === 'practitioner' ? await people.listPractitioners() : await people.listPatients();
  return list.some((p) => p.id === id);
}
