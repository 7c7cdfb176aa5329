/**
 * The e-visit review queue's launch, through the launch page, a fake authorization server and the
 * app page's sign-in: user-level scopes are asked at the queue's launch URL only, and a token with
 * no patient opens the queue only when it holds a user-level Task search.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/smart/config';
import type { LaunchProblemError } from '../../src/launch/problems';
import { APP, ISS, parseAuthorizeUrl, smartServer, type FakeServerOptions } from './fakeSmartServer';
import { newPageLoad } from './page-load';

const config = parseConfig({ servers: [{ iss: ISS, clientId: 'cg' }] });
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Each phase of a launch is a page load of its own: fresh modules, as fhirclient reads the URL once. */
async function launchThrough(launchQuery: string, opts: FakeServerOptions = {}) {
  const smart = smartServer(opts);
  server.use(...smart.handlers);
  newPageLoad();
  const start = await import('../../src/launch/start');
  const plan = await start.planLaunch(new URL(`${APP}launch/?${launchQuery}`), config);
  let navigatedTo = '';
  await start.authorize(plan, (u) => (navigatedTo = u));
  const pending = parseAuthorizeUrl(navigatedTo);
  window.history.replaceState(
    {},
    '',
    `${pending.redirectUri}?code=${smart.issue(pending)}&state=${pending.state}`,
  );
  newPageLoad();
  const platform = await import('../../src/platform/session');
  return { plan, platform, session: platform.openLaunch() };
}

const NO_PATIENT = { tokenExtra: { patient: undefined } };

describe('the e-visit review queue launch', () => {
  it('asks user-level scopes at the queue launch URL, and opens the queue without a patient', async () => {
    const { plan, platform, session } = await launchThrough(
      `iss=${encodeURIComponent(ISS)}&launch=L1&view=evisit-queue`,
      NO_PATIENT,
    );
    expect(plan.scope.split(' ')).toEqual(expect.arrayContaining(['launch', 'user/Task.rs', 'user/Task.u']));
    expect(plan.scope).not.toMatch(/patient\//);
    const s = await session;
    expect('view' in s && s.view).toBe('evisit-queue');
    if (!('view' in s)) return;
    const one = platform.forPatient(s, 'p7');
    expect(one).toMatchObject({ patientId: 'p7', role: 'clinician', fhirUser: 'Practitioner/dr1' });
    expect(one.write.canWrite).toBe(true);
  });

  it('keeps the patient launch as it was: patient scopes, and no patient is still a problem', async () => {
    const { plan, session } = await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1`, NO_PATIENT);
    expect(plan.scope).not.toMatch(/user\//);
    const err = (await session.then(
      () => undefined,
      (e: unknown) => e,
    )) as LaunchProblemError;
    expect(err.problem.kind).toBe('no-patient');
  });

  it('a queue launch with a patient in context is still that patient’s record', async () => {
    const { session } = await launchThrough(`iss=${encodeURIComponent(ISS)}&launch=L1&view=evisit-queue`, {
      patient: 'p9',
    });
    const s = await session;
    expect('patientId' in s && s.patientId).toBe('p9');
  });
});
