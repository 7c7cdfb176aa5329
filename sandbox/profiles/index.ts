/** The launch profiles, by name, and where each is served. */
import { EPIC_LIKE } from './epic-like';
import { ORACLE_LIKE } from './oracle-like';
import { PASS_THROUGH, type LaunchProfile, type ProfileName } from './profile';
import { STRICT } from './strict';

export { PROFILE_NAMES, isProfileName, type LaunchProfile, type ProfileName } from './profile';

const DEFAULT: LaunchProfile = {
  ...PASS_THROUGH,
  name: 'default',
  label: 'Default: the sandbox as it is, permissive',
};

export const PROFILES: Record<ProfileName, LaunchProfile> = {
  default: DEFAULT,
  'epic-like': EPIC_LIKE,
  'oracle-like': ORACLE_LIKE,
  strict: STRICT,
};

/** Where a profile's FHIR base lives: `/fhir` for the default, `/profiles/<name>/fhir` for the rest. */
export const PROFILE_PATH = /^\/profiles\/([a-z-]+)\/fhir(?=$|\/)/;

export function profilePrefix(name: ProfileName): string {
  return name === 'default' ? '/fhir' : `/profiles/${name}/fhir`;
}

/** The FHIR base a profile is served at, given the sandbox's own (`http://host/fhir`). */
export function profileBaseUrl(fhirBaseUrl: string, name: ProfileName): string {
  return new URL(profilePrefix(name), fhirBaseUrl).href;
}

/** The profile whose FHIR base `url` is (trailing slashes aside), if any. */
export function profileOfBase(fhirBaseUrl: string, url: string): ProfileName | undefined {
  const wanted = url.replace(/\/+$/, '');
  return (Object.keys(PROFILES) as ProfileName[]).find(
    (name) => profileBaseUrl(fhirBaseUrl, name) === wanted,
  );
}
