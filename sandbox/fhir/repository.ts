import type { WithId } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';

interface JournalEntry {
  resourceType: string;
  id: string;
  /** The resource as it was before the transaction touched it; undefined when it did not exist. */
  previous: Resource | undefined;
}

/**
 * Medplum's MemoryRepository runs `withTransaction` callbacks without any isolation, so a
 * transaction Bundle that fails half-way leaves its first entries written. FHIR requires
 * all-or-nothing, so this subclass journals every write made inside a transaction and undoes
 * them if the callback throws. Callers must serialise writes (the server does) because the
 * journal is repository-wide.
 */
export class SandboxRepository extends MemoryRepository {
  private journal: JournalEntry[] | undefined;

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const journal = this.journal;
    if (journal && resource.id) {
      journal.push({
        resourceType: resource.resourceType,
        id: resource.id,
        previous: await this.current(resource.resourceType, resource.id),
      });
    }
    const result = await super.createResource(resource);
    if (journal && !resource.id) {
      journal.push({ resourceType: result.resourceType, id: result.id, previous: undefined });
    }
    return result;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    if (this.journal) {
      this.journal.push({ resourceType, id, previous: await this.current(resourceType, id) });
    }
    await super.deleteResource(resourceType, id);
  }

  override async withTransaction<TResult>(
    callback: (client: undefined) => Promise<TResult>,
  ): Promise<TResult> {
    if (this.journal) {
      // Nested (Medplum's conditional create/update open their own): the outermost one owns the undo.
      return callback(undefined);
    }
    const journal: JournalEntry[] = [];
    this.journal = journal;
    try {
      return await callback(undefined);
    } catch (err) {
      await this.undo(journal);
      throw err;
    } finally {
      this.journal = undefined;
    }
  }

  private async undo(journal: JournalEntry[]): Promise<void> {
    for (const entry of [...journal].reverse()) {
      if (entry.previous) {
        // The saved copy still carries its versionId/lastUpdated, which createResource keeps.
        await super.createResource(entry.previous);
      } else if (await this.current(entry.resourceType, entry.id)) {
        await super.deleteResource(entry.resourceType, entry.id);
      }
    }
  }

  private async current(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(resourceType, id);
    } catch {
      return undefined;
    }
  }
}
