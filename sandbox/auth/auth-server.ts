import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Knobs } from '../http/knobs';
import { AuthState } from './auth-state';
import { handleAuthorize, handleConsent } from './authorize';
import { authenticate, type Authentication } from './bearer';
import { generateSigningKeys, jwks, type SigningKeys } from './keys';
import type { LaunchContext, Session } from './model';
import type { PeopleDirectory } from './people-directory';
import { startSession } from './sessions';
import { smartConfiguration } from './smart-configuration';
import { handleToken } from './token-endpoint';
import { profileOfBase, PROFILES, type ProfileName } from '../profiles';

export interface AuthServerOptions {
  /** http://localhost:PORT */
  origin: string;
  fhirBaseUrl: string;
  /** The origin of the app the sandbox ships with (its launch URL's): silent sign-in goes there only. */
  appOrigin: string;
  knobs: Knobs;
  people: PeopleDirectory;
  /** Tests may pass fixed keys; normally a fresh pair per start. */
  keys?: SigningKeys;
}

/** The SMART authorization server: one object the front door and the launcher talk to. */
export interface AuthServer {
  /** Discovery as the given launch profile's EHR publishes it (default: the sandbox's own). */
  smartConfiguration(profile?: ProfileName): Record<string, unknown>;
  jwks(): { keys: object[] };
  authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  consent(req: IncomingMessage, res: ServerResponse): Promise<void>;
  token(req: IncomingMessage, res: ServerResponse): Promise<void>;
  authenticate(authorization: string | undefined): Promise<Authentication>;
  /** Returns the launch id an EHR would put in `launch=`. */
  createLaunch(context: LaunchContext): string;
  /** Returns a Set-Cookie header value. */
  startSession(session: Session): string;
}

export async function createAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const keys = options.keys ?? (await generateSigningKeys());
  const state = new AuthState();
  const { origin, fhirBaseUrl, knobs, people, appOrigin } = options;
  const authorizeDeps = {
    fhirBaseUrl,
    appOrigin,
    state,
    people,
    profileOfAud: (aud: string) => profileOfBase(fhirBaseUrl, aud),
  };
  return {
    smartConfiguration: (profile = 'default') =>
      PROFILES[profile].smartConfiguration(smartConfiguration({ origin, fhirBaseUrl })),
    jwks: () => jwks(keys),
    authorize: (req, res, url) => handleAuthorize(req, res, url, authorizeDeps),
    consent: (req, res) => handleConsent(req, res, authorizeDeps),
    token: (req, res) => handleToken(req, res, { fhirBaseUrl, state, keys, knobs }),
    authenticate: (authorization) =>
      authenticate(authorization, keys, fhirBaseUrl, (family) => state.revokedFamilies.get(family) === true),
    createLaunch: (context) => state.launches.add(context),
    startSession: (session) => startSession(state, session),
  };
}
