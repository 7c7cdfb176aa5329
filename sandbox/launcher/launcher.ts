import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthServer } from '../auth/auth-server';
import type { LaunchContext, UserRef } from '../auth/model';
import type { PeopleDirectory } from '../auth/people-directory';
import { withParams } from '../auth/urls';
import { redirect, sendHtml, sendJson } from '../http/respond';
import { SANDBOX_EHR_STYLE, STYLE_PATH } from './ehr-style';
import { embeddedPage, embeddedPagePolicy } from './embedded-page';
import { isPatientsEncounter, newestEncounter, type EncounterDirectory } from './encounters';
import { parseLaunchParams, type LaunchParams } from './launch-params';
import { launcherErrorPage, launcherPage } from './launcher-page';
import { defaultPractitioner, patientLabel, practitionerLabel } from './people';
import { profileBaseUrl } from '../profiles';

export const EMBEDDED_PATH = '/launcher/embedded';

export interface LauncherDeps {
  fhirBaseUrl: string;
  appLaunchUrl: string;
  people: PeopleDirectory & EncounterDirectory;
  auth: Pick<AuthServer, 'createLaunch' | 'startSession'>;
}

type Resolved = { ok: true; user: UserRef; label: string } | { ok: false; message: string };

/**
 * GET /launcher: the form without `role`; a no-click launch with it. GET /launcher/embedded: the
 * same launch shown inside an EHR page, pre-approved. GET /launcher/style.json: the EHR's style.
 */
export async function handleLauncher(
  _req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: LauncherDeps,
): Promise<void> {
  if (url.pathname === STYLE_PATH) return sendJson(res, 200, SANDBOX_EHR_STYLE);
  const embedded = url.pathname === EMBEDDED_PATH;
  const [patients, practitioners] = await Promise.all([
    deps.people.listPatients(),
    deps.people.listPractitioners(),
  ]);
  if (!url.searchParams.has('role')) {
    if (embedded) return redirect(res, '/launcher');
    return sendHtml(
      res,
      200,
      launcherPage({
        patients,
        practitioners,
        appLaunchUrl: deps.appLaunchUrl,
        fhirBaseUrl: deps.fhirBaseUrl,
      }),
    );
  }
  const parsed = parseLaunchParams(url.searchParams);
  if (!parsed.ok) return sendHtml(res, 400, launcherErrorPage(parsed.message));
  const params = parsed.params;
  const user = resolveUser(params, practitioners);
  if (!user.ok) return sendHtml(res, 400, launcherErrorPage(user.message));
  const styleUrl = params.style ? new URL(STYLE_PATH, deps.fhirBaseUrl).href : undefined;
  // Each profile is its own FHIR base, so the app discovers that EHR's abilities before signing in.
  const iss = profileBaseUrl(deps.fhirBaseUrl, params.profile);
  const patientId = params.patient;
  if (params.queue || !patientId) {
    return launchQueue(
      res,
      params,
      { user: user.user, label: user.label },
      { iss, styleUrl, embedded },
      deps,
    );
  }
  const patient = patients.find((p) => p.id === patientId);
  if (!patient) {
    return sendHtml(
      res,
      400,
      launcherErrorPage(`Unknown patient "${patientId}": no Patient with that id is loaded.`),
    );
  }

  if (params.role === 'patient' && !embedded) {
    const cookie = deps.auth.startSession({
      user: user.user,
      grantCap: params.grantCap,
      needPatientBanner: params.needPatientBanner,
    });
    // A portal launch is standalone: the app gets only iss, and the portal session says who the patient is.
    return redirect(res, withParams(params.launchUri, { iss }), { 'set-cookie': cookie });
  }

  let encounter: string | undefined;
  if (params.role === 'clinician') {
    if (params.encounter && !(await isPatientsEncounter(deps.people, patientId, params.encounter))) {
      return sendHtml(
        res,
        400,
        launcherErrorPage(`Encounter "${params.encounter}" is not one of patient "${patientId}"'s.`),
      );
    }
    // An EHR launches from an open visit: the chosen one, else the patient's newest.
    encounter = params.encounter ?? (await newestEncounter(deps.people, patientId));
  }
  const context: LaunchContext = {
    patient: patientId,
    ...(user.user.resourceType === 'Practitioner' ? { practitioner: user.user.id } : {}),
    encounter,
    needPatientBanner: params.needPatientBanner,
    grantCap: params.grantCap,
    styleUrl,
  };
  if (embedded) {
    // The EHR page is where the user signed in; the frame may not carry its cookie (another site), so
    // the launch itself says who approved the app.
    const launch = deps.auth.createLaunch({ ...context, approvedUser: user.user });
    const frameSrc = withParams(params.launchUri, { iss, launch });
    return sendHtml(
      res,
      200,
      embeddedPage({ frameSrc, patientLabel: patientLabel(patient), userLabel: user.label }),
      {
        'content-security-policy': embeddedPagePolicy([
          params.launchUri.origin,
          new URL(deps.fhirBaseUrl).origin,
        ]),
      },
    );
  }
  const launch = deps.auth.createLaunch(context);
  const cookie = deps.auth.startSession({ user: user.user, needPatientBanner: params.needPatientBanner });
  return redirect(res, withParams(params.launchUri, { iss, launch }), {
    'set-cookie': cookie,
  });
}

/** The app's launch URL for the queue activity, as an EHR registers one per activity it offers. */
export const QUEUE_VIEW = { view: 'evisit-queue' } as const;

/**
 * The e-visit review queue: an EHR launch with no patient in context (the app asks user-level
 * scopes for it), at the app's launch URL for that activity (`view=evisit-queue`).
 */
function launchQueue(
  res: ServerResponse,
  params: LaunchParams,
  user: { user: UserRef; label: string },
  at: { iss: string; styleUrl: string | undefined; embedded: boolean },
  deps: LauncherDeps,
): void {
  const context: LaunchContext = {
    ...(user.user.resourceType === 'Practitioner' ? { practitioner: user.user.id } : {}),
    needPatientBanner: params.needPatientBanner,
    grantCap: params.grantCap,
    styleUrl: at.styleUrl,
  };
  if (at.embedded) {
    const launch = deps.auth.createLaunch({ ...context, approvedUser: user.user });
    const frameSrc = withParams(params.launchUri, { ...QUEUE_VIEW, iss: at.iss, launch });
    return sendHtml(
      res,
      200,
      embeddedPage({ frameSrc, patientLabel: 'No patient: e-visit review queue', userLabel: user.label }),
      {
        'content-security-policy': embeddedPagePolicy([
          params.launchUri.origin,
          new URL(deps.fhirBaseUrl).origin,
        ]),
      },
    );
  }
  const launch = deps.auth.createLaunch(context);
  const cookie = deps.auth.startSession({ user: user.user, needPatientBanner: params.needPatientBanner });
  return redirect(res, withParams(params.launchUri, { ...QUEUE_VIEW, iss: at.iss, launch }), {
    'set-cookie': cookie,
  });
}

/** Who launches: the patient themself, or a clinician (the one asked for, else Dr Lee). */
function resolveUser(
  params: LaunchParams,
  practitioners: Awaited<ReturnType<PeopleDirectory['listPractitioners']>>,
): Resolved {
  if (params.role === 'patient' && params.patient) {
    return { ok: true, user: { resourceType: 'Patient', id: params.patient }, label: 'the patient' };
  }
  const practitionerId = params.practitioner ?? defaultPractitioner(practitioners)?.id;
  if (!practitionerId) {
    return { ok: false, message: 'No Practitioner is loaded, so nobody can launch as a clinician.' };
  }
  const practitioner = practitioners.find((p) => p.id === practitionerId);
  if (!practitioner) return { ok: false, message: `Unknown practitioner "${practitionerId}".` };
  return {
    ok: true,
    user: { resourceType: 'Practitioner', id: practitionerId },
    label: practitionerLabel(practitioner),
  };
}
