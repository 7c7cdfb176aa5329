import type { Permission, Scope } from './scopes';

const VERBS: Record<Permission, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

const SPECIAL: Record<string, string> = {
  openid: 'Know who you are',
  fhirUser: 'Know who you are (your FHIR record)',
  profile: 'Know who you are (your profile)',
  launch: 'Open with the patient the EHR has open',
  'launch/patient': 'Know which patient record to open',
  'launch/encounter': 'Know which visit is open',
  offline_access: 'Stay signed in after you close it',
  online_access: 'Stay signed in while you are signed in here',
};

/** Plain language for the consent page; the scope code itself is shown next to it. */
export function describeScope(scope: Scope): string {
  if (scope.kind === 'special') return SPECIAL[scope.text] ?? scope.text;
  const verbs = (['r', 's', 'c', 'u', 'd'] as const)
    .filter((p) => scope.permissions.has(p))
    .map((p) => VERBS[p]);
  const what = scope.resourceType === '*' ? 'all record types' : `${scope.resourceType} records`;
  const whose = scope.context === 'patient' ? "in this patient's record" : 'for any patient you can see';
  const capitalised = verbs.join(', ').replace(/^./, (c) => c.toUpperCase());
  return `${capitalised} ${what} ${whose}`;
}
