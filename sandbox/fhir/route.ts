import { isResourceType } from '@medplum/core';
import type { Interaction } from '../contract';
import { FhirHttpError } from './http';

export type Route =
  | { kind: 'metadata' }
  | { kind: 'system' }
  | { kind: 'type'; resourceType: string }
  | { kind: 'search-post'; resourceType: string }
  | { kind: 'instance'; resourceType: string; id: string }
  | { kind: 'history'; resourceType: string; id: string }
  | { kind: 'version'; resourceType: string; id: string; versionId: string };

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Types that exist in R4 but are never stored by themselves, so a request for them is a 404. */
const UNSERVED = new Set(['Bundle', 'Parameters', 'OperationOutcome', 'DomainResource', 'Resource']);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new FhirHttpError(400, `The path segment "${segment}" is not valid percent-encoding`);
  }
}

export function parseRoute(path: string): Route {
  const segments = path.split('/').filter((s) => s !== '');
  const [first, second, third, fourth, ...rest] = segments.map(decodeSegment);
  if (first === undefined) {
    return { kind: 'system' };
  }
  if (first === 'metadata' && second === undefined) {
    return { kind: 'metadata' };
  }
  if (!isResourceType(first) || UNSERVED.has(first)) {
    throw new FhirHttpError(404, `Unknown resource type "${first}"`);
  }
  if (second === undefined) {
    return { kind: 'type', resourceType: first };
  }
  if (second === '_search' && third === undefined) {
    return { kind: 'search-post', resourceType: first };
  }
  if (!ID.test(second) || rest.length > 0) {
    throw new FhirHttpError(404, `No route for ${path}`);
  }
  if (third === undefined) {
    return { kind: 'instance', resourceType: first, id: second };
  }
  if (third === '_history') {
    return fourth === undefined
      ? { kind: 'history', resourceType: first, id: second }
      : { kind: 'version', resourceType: first, id: second, versionId: fourth };
  }
  throw new FhirHttpError(404, `No route for ${path}`);
}

/** The AccessCheck interaction a method on a route stands for; undefined = method not allowed. */
export function interactionFor(route: Route, method: string): Interaction | undefined {
  switch (route.kind) {
    case 'metadata':
    case 'system':
      return undefined;
    case 'type':
      return method === 'GET'
        ? 'search'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : undefined;
    case 'search-post':
      return method === 'POST' ? 'search' : undefined;
    case 'instance':
      return method === 'GET'
        ? 'read'
        : method === 'PUT' || method === 'PATCH'
          ? 'update'
          : method === 'DELETE'
            ? 'delete'
            : undefined;
    case 'history':
    case 'version':
      return method === 'GET' ? 'read' : undefined;
  }
}
