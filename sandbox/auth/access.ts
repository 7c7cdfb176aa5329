import type { AccessCheck, Interaction } from '../contract';
import { inPatientCompartment } from './compartment';
import type { Permission, ResourceScope, Scope } from './scopes';

const PERMISSION_FOR: Record<Interaction, Permission> = {
  read: 'r',
  search: 's',
  create: 'c',
  update: 'u',
  delete: 'd',
};

/**
 * Builds the contract's AccessCheck from granted scopes. `user/` scopes reach any resource of the
 * type; `patient/` scopes reach only the token patient's compartment (and nothing at all when the
 * token carries no patient). A token whose user (`sub`) is a Patient reaches that patient's own
 * compartment and nothing else, whatever scopes it names: the grant never gives a patient user
 * `user/` scopes, and this keeps it so even if one slipped through.
 */
export function createAccessCheck(
  scopes: readonly Scope[],
  tokenPatient: string | undefined,
  subject?: string,
): AccessCheck {
  const patientUser = /^Patient\/([^/]+)$/.exec(subject ?? '')?.[1];
  const patientId = patientUser ?? tokenPatient;
  const resourceScopes = scopes.filter(
    (s): s is ResourceScope =>
      s.kind === 'resource' && (patientUser === undefined || s.context === 'patient'),
  );
  return (resourceType, interaction, resource) => {
    const permission = PERMISSION_FOR[interaction];
    const matching = resourceScopes.filter(
      (s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.permissions.has(permission),
    );
    if (matching.some((s) => s.context === 'user')) return 'ok';
    if (!matching.some((s) => s.context === 'patient')) return 'forbidden';
    if (!patientId) return 'forbidden';
    if (!resource) return 'ok';
    return inPatientCompartment(resource, patientId) ? 'ok' : 'forbidden';
  };
}
