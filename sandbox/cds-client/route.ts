/** GET /cds-client/jwks (the sandbox's CDS client key) and GET /cds-client/chart (the chart with cards). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FhirServer } from '../contract';
import { sendHtml, sendJson } from '../http/respond';
import { launcherErrorPage } from '../launcher/launcher-page';
import { callHook, cdsClientJwks } from './client';
import { chartPage } from './chart-page';
import { demoDraft, isDemoOrder } from './demo-orders';

export const CDS_CLIENT_PREFIX = '/cds-client/';

export interface CdsClientDeps {
  origin: string;
  fhir: FhirServer;
  appLaunchUrl: string;
}

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export async function handleCdsClient(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: CdsClientDeps,
): Promise<void> {
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
  if (url.pathname === '/cds-client/jwks') return sendJson(res, 200, await cdsClientJwks());
  if (url.pathname !== '/cds-client/chart') return sendJson(res, 404, { error: 'not_found' });
  const patientId = url.searchParams.get('patient') ?? '';
  const patient = (await deps.fhir.listPatients()).find((p) => p.id === patientId);
  if (!patient)
    return sendHtml(
      res,
      400,
      launcherErrorPage(`Unknown patient "${patientId}": no Patient with that id is loaded.`),
    );
  const rawOrder = url.searchParams.get('order');
  const order = isDemoOrder(rawOrder) ? rawOrder : undefined;
  const practitioner = url.searchParams.get('practitioner') || undefined;
  const appLaunchUrl = url.searchParams.get('launch_uri') || deps.appLaunchUrl;
  const practitioners = await deps.fhir.listPractitioners();
  const userId = `Practitioner/${practitioner ?? practitioners[0]?.id ?? 'unknown'}`;
  const call = { origin: deps.origin, fhir: deps.fhir, patientId, userId };
  const [patientView, orderSelect] = await Promise.all([
    callHook({ ...call, hook: 'patient-view' }),
    order
      ? callHook({ ...call, hook: 'order-select', draft: demoDraft(order, patientId, today()) })
      : undefined,
  ]);
  const launchHref = (launchUri: string) => {
    const href = new URL('/launcher', deps.origin);
    href.searchParams.set('role', 'clinician');
    href.searchParams.set('patient', patientId);
    if (practitioner) href.searchParams.set('practitioner', practitioner);
    href.searchParams.set('launch_uri', launchUri);
    return `${href.pathname}${href.search}`;
  };
  sendHtml(
    res,
    200,
    chartPage({ patient, order, patientView, orderSelect, launchHref, practitioner, appLaunchUrl }),
  );
}
