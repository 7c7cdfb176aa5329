import {
  badRequest,
  forbidden,
  getReferenceString,
  Operator,
  OperationOutcomeError,
  type SearchRequest,
  type WithId,
} from '@medplum/core';
import {
  type CreateResourceOptions,
  FhirRepository,
  type RepositoryMode,
  type UpdateResourceOptions,
} from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import type { AccessCheck, Interaction } from '../contract';
import { fromMedplum } from './adapt';
import type { SandboxRepository } from './repository';
import { FhirHttpError } from './http';
import { literalReferences } from './referential';
import { includedReferences, MAX_PAGE_SIZE, pageLinks, requireCriteria, shapeSearch } from './search';
import { validateWrite } from './validate';

type PatchOperations = Parameters<FhirRepository['patchResource']>[2];

export interface ScopeOptions {
  baseUrl: string;
  /** `Prefer: handling=strict`: an unknown search parameter is a 400 instead of being ignored. */
  strict: boolean;
}

/**
 * The repository one request runs against: the shared store seen through the caller's access
 * check. Medplum's router — every interaction, each batch entry, the searches inside If-None-Exist,
 * conditional updates and transaction identities — reaches storage only through here, so a
 * resource the caller may not read is simply not there for any search (a hidden match behaves
 * exactly like no match), and a write is checked and validated however it arrives. A read by id
 * of a resource out of reach is a 403.
 */
export class ScopedRepository extends FhirRepository<undefined> {
  /**
   * Inside a transaction, each `Type/id` written so far with the version stored before the
   * transaction first wrote it: their references are checked once the last entry is in, since an
   * entry may name a resource a later entry creates.
   */
  private written: Map<string, Resource | undefined> | undefined;

  constructor(
    private readonly store: SandboxRepository,
    private readonly access: AccessCheck,
    private readonly options: ScopeOptions,
  ) {
    super();
  }

  private async exists(target: string): Promise<boolean> {
    const [type = '', id = ''] = target.split('/');
    return this.store.readResource(type, id).then(
      () => true,
      () => false,
    );
  }

  /**
   * Every reference a write adds must name a resource this server holds (whether the caller may
   * read it or not, as on HAPI). One the stored version already held is not checked again: fixtures
   * are loaded unchecked, and an app continuing a record must not be refused for its old links.
   */
  private async requireTargets(resource: Resource, before: Resource | undefined): Promise<void> {
    const { baseUrl } = this.options;
    const held = new Set(before ? literalReferences(before, baseUrl).map((r) => r.target) : []);
    for (const { path, target } of literalReferences(resource, baseUrl)) {
      if (!held.has(target) && !(await this.exists(target))) {
        throw new FhirHttpError(400, `${path} refers to ${target}, which this server does not hold`);
      }
    }
  }

  /** Before a write outside a transaction; inside one, the check waits for the last entry. */
  private async checkTargets(resource: Resource, before: Resource | undefined): Promise<void> {
    if (!this.written) {
      await this.requireTargets(resource, before);
    }
  }

  private noteWritten(resource: Resource, before: Resource | undefined): void {
    const key = `${resource.resourceType}/${resource.id ?? ''}`;
    if (this.written && resource.id && !this.written.has(key)) {
      this.written.set(key, before);
    }
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
      this.refuse(
        interaction,
        resource.id ? `${resource.resourceType}/${resource.id}` : resource.resourceType,
      );
    }
  }

  private refuse(interaction: Interaction, target: string): never {
    const text = `The granted scopes do not allow ${interaction} on ${target}`;
    throw new OperationOutcomeError({
      ...forbidden,
      issue: [{ severity: 'error', code: 'forbidden', details: { text }, diagnostics: text }],
    });
  }

  /** The type-level scope check, before any work; each resource is checked again as it is touched. */
  requireType(resourceType: string, interaction: Interaction): void {
    if (this.access(resourceType, interaction) !== 'ok') {
      this.refuse(interaction, resourceType);
    }
  }

  /**
   * The current version, or undefined when there is none (absence is not a reason to refuse a PUT);
   * with an interaction, one out of the caller's reach for it is a 403, so its version never shows.
   */
  async current(
    resourceType: string,
    id: string | undefined,
    interaction?: Interaction,
  ): Promise<Resource | undefined> {
    if (!id) {
      return undefined;
    }
    try {
      const resource = await this.store.readResource(resourceType, id);
      if (interaction) {
        this.require(interaction, resource);
      }
      return resource;
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

  async withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    if (this.written) {
      // Nested (a conditional create inside the transaction): the outermost one checks.
      return this.store.withTransaction(callback);
    }
    const written = new Map<string, Resource | undefined>();
    this.written = written;
    try {
      return await this.store.withTransaction(async (client) => {
        const result = await callback(client);
        this.written = undefined;
        // Each resource as the transaction left it; a failure here undoes the whole transaction.
        for (const [target, before] of written) {
          const [type = '', id = ''] = target.split('/');
          const now = await this.store.readResource(type, id).catch(() => undefined);
          if (now) await this.requireTargets(now, before);
        }
        return result;
      });
    } finally {
      this.written = undefined;
    }
  }

  /** A client's search: one visible page, its `_include`s (MemoryRepository ignores them) and paging links. */
  async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const { baseUrl, strict } = this.options;
    const shaped = shapeSearch(request, baseUrl, strict);
    // The access check is the viewer: the same grant gets the same one (bearer.ts), so its next
    // pages are slices of the matches this page found.
    const bundle = await this.store.searchVisible(shaped, (r) => this.visible(r), this.access);
    const page = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const entry: BundleEntry<WithId<T>>[] = page.map((resource) => ({
      fullUrl: `${baseUrl}/${getReferenceString(resource)}`,
      resource,
      search: { mode: 'match' },
    }));
    for (const resource of await this.included(shaped, page)) {
      // An _include'd resource is of another type than T; the Bundle carries both.
      const included = resource as WithId<T>;
      entry.push({
        fullUrl: `${baseUrl}/${getReferenceString(resource)}`,
        resource: included,
        search: { mode: 'include' },
      });
    }
    const total = bundle.total ?? page.length;
    return { ...bundle, total, link: pageLinks(baseUrl, shaped, total), ...(entry.length ? { entry } : {}) };
  }

  private async included(request: SearchRequest, page: readonly Resource[]): Promise<WithId<Resource>[]> {
    const seen = new Set(page.map((r) => getReferenceString(r)));
    const out: WithId<Resource>[] = [];
    const keep = (resource: WithId<Resource>): void => {
      if (!seen.has(getReferenceString(resource))) {
        seen.add(getReferenceString(resource));
        out.push(resource);
      }
    };
    for (const target of request.include ?? []) {
      for (const reference of includedReferences(page, target)) {
        // A dangling or out-of-reach reference adds nothing; it is not an error for _include.
        await this.readReference({ reference }).then(keep, () => undefined);
      }
    }
    for (const target of request.revInclude ?? []) {
      if (page.length === 0) {
        continue;
      }
      const value = page.map((r) => getReferenceString(r)).join(',');
      const found = await this.store.searchVisible(
        {
          resourceType: target.resourceType as Resource['resourceType'],
          filters: [{ code: target.searchParam, operator: Operator.EQUALS, value }],
          count: MAX_PAGE_SIZE,
        },
        (r) => this.visible(r),
      );
      (found.entry ?? []).forEach((e) => e.resource && keep(e.resource));
    }
    return out;
  }

  /** Medplum finds the target of every conditional interaction with this: no criterion may be ignored. */
  override searchResources<T extends Resource>(request: SearchRequest<T>): Promise<WithId<T>[]> {
    requireCriteria(request);
    return super.searchResources(request);
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
        { code: referenceField, operator: Operator.EQUALS, value: reference },
      ];
      const bundle = await this.search({ ...request, filters });
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
    const entry = (bundle.entry ?? []).filter((e) => e.resource && this.visible(e.resource));
    return { ...bundle, total: entry.length, entry };
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

  async createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    // The server owns ids and versions: only a Bundle's own placeholders (assignedId) keep theirs.
    const owned = structuredClone(resource);
    if (!options?.assignedId) {
      delete owned.id;
    }
    delete owned.meta?.versionId;
    delete owned.meta?.lastUpdated;
    this.require('create', owned);
    validateWrite(owned);
    await this.checkTargets(owned, undefined);
    const saved = await this.store.createResource(owned, options);
    this.noteWritten(saved, undefined);
    return saved;
  }

  async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    const existing = await this.current(resource.resourceType, resource.id);
    if (existing) {
      this.require('update', existing);
    }
    // An update may not move a record out of the caller's reach either.
    this.require('update', resource);
    validateWrite(resource);
    await this.checkTargets(resource, existing);
    const saved = await this.store.updateResource(resource, options);
    this.noteWritten(saved, existing);
    return saved;
  }

  async patchResource<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    patch: PatchOperations,
  ): Promise<WithId<T>> {
    const existing = await this.readResource(resourceType, id);
    this.require('update', existing);
    // The outcome of a patch is only known once applied: apply, check, and undo if it fails.
    return this.store.withTransaction(async () => {
      const saved = await this.store.patchResource<T>(resourceType, id, patch);
      this.require('update', saved);
      validateWrite(saved);
      await this.checkTargets(saved, existing);
      this.noteWritten(saved, existing);
      return saved;
    });
  }

  async deleteResource(resourceType: string, id: string): Promise<void> {
    const existing = await this.store.readResource(resourceType, id);
    this.require('delete', existing);
    await this.store.deleteResource(resourceType, id);
  }
}
