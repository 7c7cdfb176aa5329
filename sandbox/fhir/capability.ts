import { getResourceTypes, getSearchParameters } from '@medplum/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from 'fhir/r4';
import { SEARCHABLE_TYPES } from './match';

export interface CapabilityOptions {
  baseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
}

const RESOURCE_INTERACTIONS: CapabilityStatementRestResource['interaction'] = [
  { code: 'read' },
  { code: 'vread' },
  { code: 'search-type' },
  { code: 'create' },
  { code: 'update' },
  { code: 'delete' },
];

/** Resource types that are not stored or searched on their own. */
const NOT_SERVED = new Set(['Bundle', 'Parameters', 'OperationOutcome', 'DomainResource', 'Resource']);

function searchParams(resourceType: string): CapabilityStatementRestResourceSearchParam[] {
  return Object.entries(getSearchParameters(resourceType) ?? {})
    .filter(([, p]) => SEARCHABLE_TYPES.has(p.type))
    .map(([name, p]) => ({
      name,
      definition: p.url,
      type: p.type as CapabilityStatementRestResourceSearchParam['type'],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The CapabilityStatement the sandbox publishes at /metadata. Clients use it for SMART discovery
 * (the oauth-uris extension) and fhirclient checks `searchParam` for `patient` before it scopes
 * a request to the patient, so every resource lists its real search parameters.
 */
export function buildCapabilityStatement(opts: CapabilityOptions, now: Date): CapabilityStatement {
  const resources: CapabilityStatementRestResource[] = getResourceTypes()
    .filter((type) => !NOT_SERVED.has(type))
    .sort()
    .map((type) => ({
      type,
      interaction: RESOURCE_INTERACTIONS,
      versioning: 'versioned',
      readHistory: false,
      updateCreate: true,
      conditionalCreate: true,
      conditionalUpdate: true,
      conditionalRead: 'not-supported',
      conditionalDelete: 'not-supported',
      searchParam: searchParams(type),
      // Medplum's search parser refuses the `*` wildcard, so each reference parameter is listed.
      searchInclude: searchParams(type)
        .filter((p) => p.type === 'reference')
        .map((p) => `${type}:${p.name}`),
    }));

  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'Common Ground sandbox EHR' },
    implementation: { description: 'Embedded sandbox FHIR R4 server (in-memory)', url: opts.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: opts.authorizeUrl },
                { url: 'token', valueUri: opts.tokenUrl },
              ],
            },
          ],
        },
        resource: resources,
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
