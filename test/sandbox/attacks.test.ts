/**
 * The attack script: everything a hostile app, page or patient might try against the sandbox EHR
 * (the real FHIR half with the project's fixtures), each reported as held or leaked. The patient
 * attacker is Maria (cg-maria); the victim is Walter (cg-walter), whose record she must never reach.
 */
import type { Bundle, Condition, Goal, Observation, OperationOutcome } from 'fhir/r4';
import { base64url, decodeJwt, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirRequest } from '../../sandbox/contract';
import { startSandbox, type RunningSandbox } from '../../sandbox/index';
import {
  authorize,
  bearer,
  launch,
  pkce,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
  token,
} from './support/smart-test-client';

const ATTACKER = 'cg-maria';
const VICTIM = 'cg-walter';
const EVIL = 'https://evil.example';
const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const JSON_TYPE = { 'content-type': 'application/json' };

let sb: RunningSandbox;

interface Finding {
  attack: string;
  leaked: boolean;
  detail: string;
}
const findings: Finding[] = [];

/** Records one attack: `held` is what the sandbox must do for the attack to have failed. */
function report(attack: string, held: boolean, detail: unknown): void {
  findings.push({
    attack,
    leaked: !held,
    detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  });
}

/** The server's own view, without any access check: the oracle for what Walter's record holds. */
async function oracle<T>(path: string, query = ''): Promise<T> {
  const req: FhirRequest = { method: 'GET', path, query: new URLSearchParams(query), headers: {} };
  return (await sb.fhirServer.handle(req, () => 'ok')).body as T;
}

/** A patient signing in for themselves through the portal (launcher) and a standalone launch. */
async function patientSignIn(scope: string, redirectUri = TEST_REDIRECT_URI) {
  const portal = await launch(sb.url, { role: 'patient', patient: ATTACKER });
  const auth = await authorize(sb.url, {
    fhirBaseUrl: sb.fhirBaseUrl,
    scope,
    cookie: portal.cookie,
    redirectUri,
  });
  const code = auth.location?.searchParams.get('code');
  const tokens = code
    ? await token(sb.url, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: auth.pkce.verifier,
        client_id: TEST_CLIENT_ID,
      })
    : undefined;
  return { auth, code, tokens };
}

let maria: { authorization: string };
let victimObservation: Observation;
let victimCondition: Condition;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  const signIn = await patientSignIn(
    'openid fhirUser launch/patient offline_access user/*.cruds patient/*.cruds',
  );
  maria = bearer(signIn.tokens?.json.access_token);
  victimObservation = (await oracle<Bundle>('/Observation', `patient=${VICTIM}&_count=1`)).entry![0]!
    .resource as Observation;
  victimCondition = (await oracle<Bundle>('/Condition', `patient=${VICTIM}&_count=1`)).entry![0]!
    .resource as Condition;
}, 60_000);
afterAll(() => sb?.close());

const fhir = (path: string, init: RequestInit = {}) => fetch(`${sb.fhirBaseUrl}${path}`, init);
const asMaria = (path: string, init: RequestInit = {}) =>
  fhir(path, { ...init, headers: { ...maria, ...(init.headers as Record<string, string> | undefined) } });
const text = async (res: Response) => ({ status: res.status, body: await res.text() });
/**
 * Anything of Walter's in a response body beyond what the attacker sent: his name or birth date,
 * one of his resources (its `"id"`), or a reference to him or his records (a rewrite).
 */
const showsVictim = (body: string) =>
  body.includes('"Brooks"') ||
  body.includes('1949-12-05') ||
  [`Patient/${VICTIM}`, `Observation/${victimObservation.id}`, `Condition/${victimCondition.id}`].some((r) =>
    body.includes(`"reference":"${r}"`),
  ) ||
  [VICTIM, victimObservation.id, victimCondition.id].some((id) => body.includes(`"id":"${id}"`));

const codeOf = (resource: Observation | Condition) => {
  const coding = resource.code?.coding?.[0];
  return `${coding?.system}|${coding?.code}`;
};

describe('the attack script', () => {
  it('a patient signing in gets only patient/ scopes for her own compartment', async () => {
    const signIn = await patientSignIn(
      'openid fhirUser launch/patient user/*.cruds patient/*.cruds launch/encounter',
    );
    const scope = String(signIn.tokens?.json.scope);
    report(
      'patient login keeps user/ scopes',
      !/user\//.test(scope) && !scope.includes('launch/encounter'),
      scope,
    );
    const count = (await (await asMaria('/Patient?_summary=count')).json()) as Bundle;
    report('patient token counts every Patient', count.total === 1, { total: count.total });
    const everyone = await text(await asMaria('/Patient?_count=1000'));
    report('patient token lists other patients', !showsVictim(everyone.body), everyone.status);
    const onlyUser = await patientSignIn('openid fhirUser launch/patient user/*.cruds');
    const onlyUserScope = String(onlyUser.tokens?.json.scope);
    const reach = await fetch(`${sb.fhirBaseUrl}/Observation?patient=${VICTIM}`, {
      headers: bearer(onlyUser.tokens?.json.access_token),
    });
    report(
      'user/ scope alone reaches another patient',
      !/user\//.test(onlyUserScope) && reach.status === 403,
      {
        onlyUserScope,
        status: reach.status,
      },
    );
  });

  it("a patient token never reaches another patient's record", async () => {
    const reads: [string, string][] = [
      ['read', `/Patient/${VICTIM}`],
      ['read', `/Observation/${victimObservation.id}`],
      ['vread', `/Observation/${victimObservation.id}/_history/${victimObservation.meta?.versionId}`],
      ['history', `/Observation/${victimObservation.id}/_history`],
      ['search by patient', `/Observation?patient=${VICTIM}`],
      [
        'search by subject URL',
        `/Observation?subject=${encodeURIComponent(`${sb.fhirBaseUrl}/Patient/${VICTIM}`)}`,
      ],
      ['search by _id', `/Observation?_id=${victimObservation.id}`],
      ['search everything', '/Observation?_count=1000'],
      ['_include', `/Observation?_include=Observation:subject&_count=1000`],
      ['_revinclude', `/Patient?_revinclude=Observation:subject&_count=1000`],
      ['search by code', `/Condition?code=${encodeURIComponent(codeOf(victimCondition))}`],
      ['percent-broken id', '/Goal/%'],
    ];
    for (const [what, path] of reads) {
      const res = await text(await asMaria(path));
      report(`GET ${what}`, !showsVictim(res.body) && res.status !== 500, `${res.status} ${path}`);
    }
    const posted = await text(
      await asMaria('/Observation/_search', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `patient=${VICTIM}`,
      }),
    );
    report('POST _search', !showsVictim(posted.body), posted.status);
    const batch = await text(
      await asMaria('', {
        method: 'POST',
        headers: FHIR_JSON,
        body: JSON.stringify({
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { request: { method: 'GET', url: `Patient/${VICTIM}` } },
            { request: { method: 'GET', url: `Observation?patient=${VICTIM}` } },
          ],
        }),
      }),
    );
    report('batch of reads', !showsVictim(batch.body), batch.status);
  });

  it("a patient token never writes another patient's record", async () => {
    const goal: Goal = {
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      description: { text: 'Not mine to set' },
      subject: { reference: `Patient/${VICTIM}` },
    };
    const created = await asMaria('/Goal', {
      method: 'POST',
      headers: FHIR_JSON,
      body: JSON.stringify(goal),
    });
    report('POST Goal for another patient', created.status === 403, created.status);
    const put = await asMaria(`/Observation/${victimObservation.id}`, {
      method: 'PUT',
      headers: FHIR_JSON,
      body: JSON.stringify({ ...victimObservation, status: 'cancelled' }),
    });
    report("PUT another patient's Observation", put.status === 403, put.status);
    const patch = await asMaria(`/Observation/${victimObservation.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'cancelled' }]),
    });
    report("PATCH another patient's Observation", patch.status === 403, patch.status);
    const removed = await asMaria(`/Observation/${victimObservation.id}`, { method: 'DELETE' });
    report("DELETE another patient's Observation", removed.status === 403, removed.status);

    const own = (await (await asMaria(`/Goal?patient=${ATTACKER}`)).json()) as Bundle;
    const ownGoal = own.entry![0]!.resource as Goal;
    const moved = await asMaria(`/Goal/${ownGoal.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/subject/reference', value: `Patient/${VICTIM}` }]),
    });
    const after = await oracle<Goal>(`/Goal/${ownGoal.id}`);
    report(
      'PATCH own Goal into another compartment',
      moved.status === 403 && after.subject.reference === `Patient/${ATTACKER}`,
      moved.status,
    );

    const untouched = await oracle<Observation>(`/Observation/${victimObservation.id}`);
    report(
      "another patient's record changed",
      untouched.meta?.versionId === victimObservation.meta?.versionId,
      untouched.status,
    );
  });

  it('conditional operations see only what the caller may read', async () => {
    const mine: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: victimObservation.code,
      subject: { reference: `Patient/${ATTACKER}` },
      valueQuantity: { value: 70, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    };
    // Walter has many of these; Maria has none. A count or a 200 would say so.
    const ifNoneExist = await text(
      await asMaria('/Observation', {
        method: 'POST',
        headers: { ...FHIR_JSON, 'if-none-exist': `code=${codeOf(victimObservation)}` },
        body: JSON.stringify(mine),
      }),
    );
    report(
      'If-None-Exist counts hidden matches',
      ifNoneExist.status === 201 && !showsVictim(ifNoneExist.body),
      ifNoneExist.status,
    );
    const byId = await text(
      await asMaria('/Observation', {
        method: 'POST',
        headers: { ...FHIR_JSON, 'if-none-exist': `_id=${victimObservation.id}` },
        body: JSON.stringify(mine),
      }),
    );
    report(
      'If-None-Exist returns a hidden match',
      byId.status === 201 && !showsVictim(byId.body),
      byId.status,
    );

    const conditionalPut = await text(
      await asMaria(`/Observation?_id=${victimObservation.id}`, {
        method: 'PUT',
        headers: FHIR_JSON,
        body: JSON.stringify(mine),
      }),
    );
    const victimAfter = await oracle<Observation>(`/Observation/${victimObservation.id}`);
    report(
      'conditional update reaches a hidden match',
      conditionalPut.status === 201 &&
        !showsVictim(conditionalPut.body) &&
        victimAfter.meta?.versionId === victimObservation.meta?.versionId,
      conditionalPut.status,
    );

    const transaction = (reference: string): Bundle => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6f0c1c52-2a55-4a8e-9b7e-1d0f0b7d1a11',
          resource: {
            resourceType: 'Goal',
            lifecycleStatus: 'proposed',
            description: { text: 'Breathe easier' },
            subject: { reference: `Patient/${ATTACKER}` },
            addresses: [{ reference }],
          },
          request: { method: 'POST', url: 'Goal' },
        },
      ],
    });
    for (const reference of [
      `Condition?code=${codeOf(victimCondition)}`,
      `Condition?_id=${victimCondition.id}`,
      `Patient?identifier=https://common-ground.example/mrn|CG-WALTER`,
    ]) {
      const res = await text(
        await asMaria('', {
          method: 'POST',
          headers: FHIR_JSON,
          body: JSON.stringify(transaction(reference)),
        }),
      );
      // A hidden match must look exactly like no match: 412 "matched 0", nothing rewritten.
      report(
        `conditional reference ${reference}`,
        res.status === 412 && /matched 0/.test(res.body) && !showsVictim(res.body),
        res.status,
      );
    }
    const ifNoneExistInTransaction = await text(
      await asMaria('', {
        method: 'POST',
        headers: FHIR_JSON,
        body: JSON.stringify({
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              fullUrl: 'urn:uuid:0b8e7a43-3f0e-4b8e-8d77-6f5a1d0c2b22',
              resource: mine,
              request: { method: 'POST', url: 'Observation', ifNoneExist: `_id=${victimObservation.id}` },
            },
          ],
        }),
      }),
    );
    report(
      'If-None-Exist inside a transaction',
      ifNoneExistInTransaction.status === 200 && !showsVictim(ifNoneExistInTransaction.body),
      ifNoneExistInTransaction.status,
    );
  });

  it('the OAuth attacks fail', async () => {
    // PKCE: a stolen code without the verifier.
    const stolen = await fullLaunchCode();
    const wrongVerifier = await token(sb.url, {
      grant_type: 'authorization_code',
      code: stolen.code,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: pkce().verifier,
      client_id: TEST_CLIENT_ID,
    });
    report('code redeemed without its PKCE verifier', wrongVerifier.status === 400, wrongVerifier.json);
    const noPkce = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: 'launch/patient patient/*.rs',
      override: { code_challenge: undefined, code_challenge_method: undefined },
    });
    report(
      'authorize without PKCE',
      noPkce.location?.searchParams.get('error') === 'invalid_request',
      noPkce.location?.toString(),
    );
    const plain = await authorize(sb.url, {
      fhirBaseUrl: sb.fhirBaseUrl,
      scope: 'launch/patient patient/*.rs',
      override: { code_challenge_method: 'plain' },
    });
    report(
      'authorize with plain PKCE',
      plain.location?.searchParams.get('error') === 'invalid_request',
      plain.location?.toString(),
    );

    // Code replay.
    const once = await fullLaunchCode();
    const redeem = () =>
      token(sb.url, {
        grant_type: 'authorization_code',
        code: once.code,
        redirect_uri: TEST_REDIRECT_URI,
        code_verifier: once.verifier,
        client_id: TEST_CLIENT_ID,
      });
    const first = await redeem();
    const second = await redeem();
    report('code replay', first.status === 200 && second.status === 400, second.status);

    // Forged tokens.
    const real = String(first.json.access_token);
    const claims = decodeJwt(real);
    const widened = { ...claims, scope: 'user/*.cruds', sub: 'Practitioner/anyone' };
    const none = new UnsecuredJWT(widened).setIssuer(sb.fhirBaseUrl).setAudience(sb.fhirBaseUrl).encode();
    const { privateKey } = await generateKeyPair('RS256');
    const otherKey = await new SignJWT(widened)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .sign(privateKey);
    const jwk = ((await (await fetch(`${sb.url}/auth/jwks`)).json()) as { keys: object[] }).keys[0]!;
    const hmac = await new SignJWT(widened)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    const [header, , signature] = real.split('.');
    const tampered = `${header}.${base64url.encode(JSON.stringify(widened))}.${signature}`;
    for (const [what, forged] of Object.entries({ none, otherKey, hmac, tampered })) {
      const res = await fhir(`/Patient/${VICTIM}`, { headers: bearer(forged) });
      report(`forged token (${what})`, res.status === 401, res.status);
    }
    const idToken = await fhir(`/Patient/${VICTIM}`, { headers: bearer(first.json.id_token) });
    report('id_token used as access token', idToken.status === 401, idToken.status);

    // A token in the URL: refused, and never written to the request log.
    const inQuery = await fhir(`/Patient/${ATTACKER}?access_token=${encodeURIComponent(real)}`);
    const log = await (await fetch(`${sb.url}/sandbox/log`)).text();
    report('access_token in the query string', inQuery.status === 401 && !log.includes(real), inQuery.status);

    // A replayed rotated refresh token ends the whole sign-in.
    const offline = await patientSignIn('openid fhirUser launch/patient offline_access patient/*.rs');
    const refresh1 = String(offline.tokens?.json.refresh_token);
    const rotated = await token(sb.url, { grant_type: 'refresh_token', refresh_token: refresh1 });
    await token(sb.url, { grant_type: 'refresh_token', refresh_token: refresh1 });
    const afterReplay = await token(sb.url, {
      grant_type: 'refresh_token',
      refresh_token: String(rotated.json.refresh_token),
    });
    const accessAfterReplay = await fhir(`/Patient/${ATTACKER}`, {
      headers: bearer(rotated.json.access_token),
    });
    report('refresh token replay', afterReplay.status === 400 && accessAfterReplay.status === 401, {
      refresh: afterReplay.status,
      access: accessAfterReplay.status,
    });

    // Silent sign-in collected by another site's redirect URI.
    const foreign = await patientSignIn('openid fhirUser launch/patient patient/*.rs', `${EVIL}/callback`);
    report(
      'code sent to a foreign redirect URI without consent',
      !foreign.code && foreign.auth.res.status === 200 && foreign.auth.body.includes('Allow'),
      foreign.auth.res.status,
    );
    const policy = foreign.auth.res.headers.get('content-security-policy') ?? '';
    report('consent page can be framed by another site', /frame-ancestors 'self'/.test(policy), policy);
  });

  it('other sites cannot drive or read the sandbox tools', async () => {
    const before = await (await fetch(`${sb.url}/sandbox/knobs`)).json();
    const formPost = await fetch(`${sb.url}/sandbox/knobs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: EVIL },
      body: JSON.stringify({ errorRate: 1 }),
    });
    const plainNoOrigin = await fetch(`${sb.url}/sandbox/knobs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ errorRate: 1 }),
    });
    const jsonFromEvil = await fetch(`${sb.url}/sandbox/knobs`, {
      method: 'POST',
      headers: { ...JSON_TYPE, origin: EVIL },
      body: JSON.stringify({ errorRate: 1 }),
    });
    const after = await (await fetch(`${sb.url}/sandbox/knobs`)).json();
    report(
      'knobs changed cross-site',
      formPost.status >= 400 &&
        plainNoOrigin.status === 415 &&
        jsonFromEvil.status === 403 &&
        JSON.stringify(after) === JSON.stringify(before),
      {
        formPost: formPost.status,
        plainNoOrigin: plainNoOrigin.status,
        jsonFromEvil: jsonFromEvil.status,
      },
    );
    const reset = await fetch(`${sb.url}/sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: EVIL },
    });
    report('reset cross-site', reset.status === 403, reset.status);
    const logRead = await fetch(`${sb.url}/sandbox/log`, { headers: { origin: EVIL } });
    report(
      'log read cross-site',
      logRead.status === 403 && !logRead.headers.get('access-control-allow-origin'),
      logRead.status,
    );
    const patients = await fetch(`${sb.url}/sandbox/patients`, { headers: { origin: EVIL } });
    report(
      'patients readable cross-origin',
      patients.headers.get('access-control-allow-origin') === null,
      patients.headers.get('access-control-allow-origin'),
    );
    const preflight = await fetch(`${sb.url}/sandbox/log`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'DELETE' },
    });
    report(
      'preflight to the tools granted',
      preflight.headers.get('access-control-allow-origin') === null && preflight.status >= 400,
      preflight.status,
    );
  });

  it('If-Match follows HTTP', async () => {
    const own = (await (await asMaria(`/Goal?patient=${ATTACKER}`)).json()) as Bundle;
    const goal = own.entry![0]!.resource as Goal;
    const star = await asMaria(`/Goal/${goal.id}`, {
      method: 'PUT',
      headers: { ...FHIR_JSON, 'if-match': '*' },
      body: JSON.stringify(goal),
    });
    const absent = await asMaria('/Goal/does-not-exist', {
      method: 'PUT',
      headers: { ...FHIR_JSON, 'if-match': '*' },
      body: JSON.stringify({ ...goal, id: 'does-not-exist' }),
    });
    report('If-Match: *', star.status === 200 && absent.status === 412, {
      star: star.status,
      absent: absent.status,
    });
    const broken = await asMaria('/Goal/%');
    const outcome = (await broken.json()) as OperationOutcome;
    report(
      'GET Goal/% is a 500',
      broken.status === 400 && outcome.resourceType === 'OperationOutcome',
      broken.status,
    );
  });

  it('reports 0 leaks', () => {
    const leaks = findings.filter((f) => f.leaked);
    expect(findings.length).toBeGreaterThan(40);
    expect(leaks, `${leaks.length} of ${findings.length} attacks leaked`).toEqual([]);
  });
});

/** An EHR launch's code and verifier, not yet redeemed. */
async function fullLaunchCode(): Promise<{ code: string; verifier: string }> {
  const portal = await launch(sb.url, { role: 'clinician', patient: ATTACKER });
  const auth = await authorize(sb.url, {
    fhirBaseUrl: sb.fhirBaseUrl,
    scope: 'launch openid fhirUser patient/*.rs',
    launch: portal.location?.searchParams.get('launch') ?? undefined,
    cookie: portal.cookie,
  });
  return { code: auth.location!.searchParams.get('code')!, verifier: auth.pkce.verifier };
}
