import { badRequest, forbidden, OperationOutcomeError, type SearchRequest, type WithId } from '@medplum/core';
import {
  type CreateResourceOptions,
  FhirRepository,
  type RepositoryMode,
  type UpdateResourceOptions,
} from '@medplum/fhir-router';
import type { Bundle, Reference, Resource } from '@medplum/fhirtypes';
import type { AccessCheck, Interaction } from '../contract';
import { fromMedplum } from './adapt';
import type { SandboxRepository } from './repository';
import { validateWrite } from './validate';

type PatchOperations = Parameters<FhirRepository['patchResource']>[2];

/**
 * The repository one request runs against: the shared store seen through the caller's access
 * check. Everything the server does for a request — its own searches, the searches inside
 * If-None-Exist, conditional updates and conditional references, Medplum's router — goes through
 * here, so a resource the caller may not read is simply not there for any search (a hidden match
 * behaves exactly like no match), and a write is checked and validated however it arrives.
 * A read by id of a resource out of reach is a 403, as before.
 */
export class ScopedRepository extends FhirRepository<undefined> {
  constructor(
    private readonly store: SandboxRepository,
    private readonly access: AccessCheck,
  ) {
    super();
  }

  /** What a search may return: what the caller may search or read (write-only tokens see nothing). */
  private visible(resource: Resource): boolean {
    const r4 = fromMedplum(resource);
    return (
      this.access(resource.resourceType, 'search', r4) === 'ok' ||
      this.access(resource.resourceType, 'read', r4) === 'ok'
    );
  }

  private require(interaction: Interaction, resource: Resource): void {
    if (this.access(resource.resourceType, interaction, fromMedplum(resource)) !== 'ok') {
      const target = resource.id ? `${resource.resourceType}/${resource.id}` : resource.resourceType;
      const text = `The granted scopes do not allow ${interaction} on ${target}`;
      throw new OperationOutcomeError({
        ...forbidden,
        issue: [{ severity: 'error', code: 'forbidden', details: { text }, diagnostics: text }],
      });
    }
  }

  /** The current version, or undefined when there is none (absence is not a reason to refuse a PUT). */
  private async current(resourceType: string, id: string | undefined): Promise<Resource | undefined> {
    if (!id) {
      return undefined;
    }
    try {
      return await this.store.readResource(resourceType, id);
    } catch (err) {
      if (err instanceof OperationOutcomeError && err.outcome.id === 'not-found') {
        return undefined;
      }
      throw err;
    }
  }

  setMode(_mode: RepositoryMode): void {
    // One store, always writable: nothing to switch.
  }

  generateId(): string {
    return this.store.generateId();
  }

  withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    return this.store.withTransaction(callback);
  }

  search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    return this.store.searchVisible(request, (resource) => this.visible(resource));
  }

  async searchByReference<T extends Resource>(
    request: SearchRequest<T>,
    referenceField: string,
    references: string[],
  ): Promise<Record<string, WithId<T>[]>> {
    const out: Record<string, WithId<T>[]> = {};
    for (const reference of references) {
      const filters = [
        ...(request.filters ?? []),
        { code: referenceField, operator: 'eq' as const, value: reference },
      ];
      const bundle = await this.search({ ...request, filters } as SearchRequest<T>);
      out[reference] = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    }
    return out;
  }

  async readResource<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    const resource = await this.store.readResource<T>(resourceType, id);
    this.require('read', resource);
    return resource as WithId<T>;
  }

  readReference<T extends Resource>(reference: Reference<T>): Promise<WithId<T>> {
    const [resourceType, id, ...rest] = (reference.reference ?? '').split('/');
    if (!resourceType || !id || rest.length > 0) {
      return Promise.reject(
        new OperationOutcomeError(badRequest(`Not a Type/id reference: ${reference.reference}`)),
      );
    }
    return this.readResource<T>(resourceType, id);
  }

  readReferences<T extends Resource>(references: readonly Reference<T>[]): Promise<(T | Error)[]> {
    return Promise.all(
      references.map((r) =>
        this.readReference(r).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      ),
    );
  }

  async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<WithId<T>>> {
    await this.readResource(resourceType, id);
    const bundle = await this.store.readHistory<WithId<T>>(resourceType, id);
    // An old version may have sat in another compartment: only versions in reach are shown.
    return { ...bundle, entry: (bundle.entry ?? []).filter((e) => e.resource && this.visible(e.resource)) };
  }

  async readVersion<T extends Resource>(
    resourceType: string,
    id: string,
    versionId: string,
  ): Promise<WithId<T>> {
    await this.readResource(resourceType, id);
    const version = await this.store.readVersion<T>(resourceType, id, versionId);
    this.require('read', version);
    return version as WithId<T>;
  }

  createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    this.require('create', resource);
    validateWrite(resource);
    return this.store.createResource(resource, options);
  }

  async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    const existing = await this.current(resource.resourceType, resource.id);
    if (existing) {
      this.require('update', existing);
    }
    // An update may not move a record out of the caller's reach either.
    this.require('update', resource);
    validateWrite(resource);
    return this.store.updateResource(resource, options);
  }

  async patchResource<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    patch: PatchOperations,
  ): Promise<WithId<T>> {
    this.require('update', await this.readResource(resourceType, id));
    // The outcome of a patch is only known once applied: apply, check, and undo if it fails.
    return this.store.withTransaction(async () => {
      const saved = await this.store.patchResource<T>(resourceType, id, patch);
      this.require('update', saved);
      validateWrite(saved);
      return saved;
    });
  }

  async deleteResource(resourceType: string, id: string): Promise<void> {
    const existing = await this.store.readResource(resourceType, id);
    this.require('delete', existing);
    await this.store.deleteResource(resourceType, id);
  }
}
