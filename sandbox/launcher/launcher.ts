import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthServer } from '../auth/auth-server';
import type { PeopleDirectory } from '../auth/people-directory';
import { withParams } from '../auth/urls';
import { redirect, sendHtml } from '../http/respond';
import { parseLaunchParams } from './launch-params';
import { launcherErrorPage, launcherPage } from './launcher-page';
import { defaultPractitioner } from './people';

export interface LauncherDeps {
  fhirBaseUrl: string;
  appLaunchUrl: string;
  people: PeopleDirectory;
  auth: Pick<AuthServer, 'createLaunch' | 'startSession'>;
}

/** GET /launcher: the form without `role`; a no-click launch with it. */
export async function handleLauncher(
  _req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: LauncherDeps,
): Promise<void> {
  const [patients, practitioners] = await Promise.all([
    deps.people.listPatients(),
    deps.people.listPractitioners(),
  ]);
  if (!url.searchParams.has('role')) {
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
  if (!patients.some((p) => p.id === params.patient)) {
    return sendHtml(
      res,
      400,
      launcherErrorPage(`Unknown patient "${params.patient}": no Patient with that id is loaded.`),
    );
  }
  if (params.role === 'patient') {
    const cookie = deps.auth.startSession({
      user: { resourceType: 'Patient', id: params.patient },
      grantCap: params.grantCap,
      needPatientBanner: params.needPatientBanner,
    });
    // A portal launch is standalone: the app gets only iss, and the portal session says who the patient is.
    return redirect(res, withParams(params.launchUri, { iss: deps.fhirBaseUrl }), { 'set-cookie': cookie });
  }
  const practitionerId = params.practitioner ?? defaultPractitioner(practitioners)?.id;
  if (!practitionerId)
    return sendHtml(
      res,
      400,
      launcherErrorPage('No Practitioner is loaded, so nobody can launch as a clinician.'),
    );
  if (!practitioners.some((p) => p.id === practitionerId)) {
    return sendHtml(res, 400, launcherErrorPage(`Unknown practitioner "${practitionerId}".`));
  }
  const launch = deps.auth.createLaunch({
    patient: params.patient,
    practitioner: practitionerId,
    encounter: params.encounter,
    needPatientBanner: params.needPatientBanner,
    grantCap: params.grantCap,
  });
  const cookie = deps.auth.startSession({
    user: { resourceType: 'Practitioner', id: practitionerId },
    needPatientBanner: params.needPatientBanner,
  });
  return redirect(res, withParams(params.launchUri, { iss: deps.fhirBaseUrl, launch }), {
    'set-cookie': cookie,
  });
}
