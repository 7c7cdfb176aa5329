/**
 * The one write runtime every screen and the prompt decisions use:
 * save → `If-Match` / conditional create → on 412 re-read → merge → the user confirms → save again.
 *
 * An intent is what the user wants written, formed once (its business identifier with it, kept in
 * the screen's draft), so every retry — by the runtime or by the user pressing Retry after a
 * failure — sends the same create and can never make a second copy.
 *
 * Two kinds of intent:
 * - a new state (`next`, made from `base`, the version the user saw): after a 412 the type's merge
 *   policy lays the user's changes over the newer version and the user confirms the result;
 * - an operation (`rebase`: "add this activity", "tick this item"): it is simply re-applied to the
 *   newer version and saved, because re-applying it is itself the correct merge.
 *
 * No network here: the port is injected (fhirclient in the browser, fetch in a CLI or a service).
 */
import type { FhirResource, Identifier } from 'fhir/r4';
import { businessIdentifier } from './identity';
import type { MergeResult } from './merge';
import { locationId } from './protocol';
import { save, type SaveOptions, type WriteTransport } from './save';

export interface WritePort {
  send: WriteTransport;
  /** The current version of a resource, bypassing any cache. Throws when it cannot be read. */
  read<T extends FhirResource>(type: T['resourceType'], id: string): Promise<T>;
  /** Resources of a type carrying a business identifier (after a create was refused as a conflict). */
  findByIdentifier<T extends FhirResource>(type: T['resourceType'], identifier: Identifier): Promise<T[]>;
  /**
   * Whether the server honours `If-None-Exist` for a type, as its CapabilityStatement's
   * `conditionalCreate` says (R4: an optional capability). Left out, it is taken as honoured.
   */
  conditionalCreate?(type: string): Promise<boolean>;
}

/** How a type's concurrent changes combine: mine (base → mine) laid over theirs (base → theirs). */
export type MergePolicy<T extends FhirResource> = (base: T, mine: T, theirs: T) => MergeResult<T>;

export interface WriteIntent<T extends FhirResource> {
  /** What to write: a new resource (with a business identifier) or a change of `base`. */
  next: T;
  /** The version the user changed (its `meta.versionId` is what `If-Match` sends). */
  base?: T;
  /**
   * For an operation: the same change made on a newer version, or `undefined` when the newer
   * version already says it (or no longer has what it changes), so there is nothing to write.
   */
  rebase?: (current: T) => T | undefined;
  /**
   * For a create of what a patient has only one of (the shared care plan): the one that may exist
   * already under another writer's identifier, so the conditional create cannot see it. One found
   * is met like a conflict — an operation is re-applied to it, a new state goes to review — and
   * nothing is created. A rejection fails the save (retryable) rather than risk a second copy.
   */
  existing?: () => Promise<T | undefined>;
}

export type CommitResult<T extends FhirResource> =
  /** `rebased`: an operation met a newer version and was re-applied to it before saving. */
  | { kind: 'saved'; resource: T; rebased?: boolean }
  /** Someone saved a newer version: the merge to show the user; confirming saves `merge.merged` (resolved). */
  | { kind: 'review'; base: T; mine: T; theirs: T; merge: MergeResult<T> }
  /** The token is no longer accepted: the draft stays, the user signs in again. */
  | { kind: 'expired' }
  | { kind: 'failed'; retryable: boolean; message: string; problem?: WriteProblem };

/** Failures the runtime itself diagnoses, so a screen can say them in the user's language. */
export type WriteProblem = 'kept-changing' | 'duplicates' | 'copy-not-found' | 'no-identifier';

export interface CommitOptions<T extends FhirResource> extends SaveOptions {
  /** Needed for state intents that may meet a 412. */
  merge?: MergePolicy<T>;
  /** How often an operation is re-applied when the resource keeps changing underneath it. */
  rounds?: number;
}

export class WriteRuntimeError extends Error {}

function failed(message: string, retryable = true, problem?: WriteProblem) {
  return { kind: 'failed' as const, retryable, message, ...(problem ? { problem } : {}) };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A create answered 409/412: a resource with this identifier may already exist — an earlier attempt
 * of this same intent that landed although its answer was lost, or another writer that found the
 * same identifier. Exactly one match is the resource to continue from; several is a data problem the
 * user must hear about, never something to guess at.
 */
async function existingCopy<T extends FhirResource>(
  port: WritePort,
  next: T,
): Promise<{ kind: 'found'; resource: T } | ReturnType<typeof failed>> {
  const identifier = businessIdentifier(next as { identifier?: Identifier[] | Identifier });
  if (!identifier)
    return failed(
      'The server refused to create it and it has no identifier to look it up by.',
      false,
      'no-identifier',
    );
  let found: T[];
  try {
    found = await port.findByIdentifier<T>(next.resourceType as T['resourceType'], identifier);
  } catch (err) {
    return failed(errorMessage(err));
  }
  if (found.length === 1 && found[0]) return { kind: 'found', resource: found[0] };
  return found.length === 0
    ? failed(
        'The server refused it as a duplicate, but no copy with its identifier can be found.',
        false,
        'copy-not-found',
      )
    : failed(`${found.length} copies with the same identifier exist.`, false, 'duplicates');
}

/**
 * An update that would write back exactly the version it was made from: there is nothing to send.
 * Same id and version, and every element but `meta` equal (the narrative counts: it is what a
 * reader of the record sees).
 */
function unchanged<T extends FhirResource>(next: T, base: T | undefined): boolean {
  if (!base || !next.id || next.id !== base.id) return false;
  if (next.meta?.versionId !== base.meta?.versionId) return false;
  const strip = (r: FhirResource) => {
    const { meta: _meta, ...rest } = r;
    return canonical(rest);
  };
  return strip(next) === strip(base);
}

/** Same content, whatever the server added (id, meta, narrative). */
function sameContent(a: FhirResource, b: FhirResource): boolean {
  const strip = (r: FhirResource) => {
    const { id: _id, meta: _meta, text: _text, ...rest } = r as FhirResource & { text?: unknown };
    return canonical(rest);
  };
  return strip(a) === strip(b);
}

/** JSON with every object's keys in order, so equal content compares equal as text. */
function canonical(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/**
 * The port for a server that may not honour `If-None-Exist`: before each create it sends, the
 * runtime looks the business identifier up itself and answers as a conditional create would (the
 * one copy found: 200; several: 412), so a retry of a create whose answer was lost finds it rather
 * than making a second copy.
 */
function lookingFirst(port: WritePort): WritePort {
  return {
    ...port,
    async send(req) {
      const identifier =
        req.method === 'POST'
          ? businessIdentifier(req.body as { identifier?: Identifier[] | Identifier })
          : undefined;
      if (!identifier) return port.send(req);
      let found: FhirResource[];
      try {
        found = await port.findByIdentifier(req.body.resourceType, identifier);
      } catch (err) {
        return { status: 0, body: undefined, message: errorMessage(err) };
      }
      if (found.length === 1) return { status: 200, body: found[0], message: '' };
      if (found.length > 1)
        return {
          status: 412,
          body: undefined,
          message: `${found.length} copies with the same identifier exist.`,
        };
      return port.send(req);
    },
  };
}

async function honoursIfNoneExist(port: WritePort, type: string): Promise<boolean> {
  if (!port.conditionalCreate) return true;
  try {
    return await port.conditionalCreate(type);
  } catch {
    // Not knowing is treated as not honoured: one search per create is the price of no duplicate.
    return false;
  }
}

export async function commit<T extends FhirResource>(
  given: WritePort,
  intent: WriteIntent<T>,
  options: CommitOptions<T> = {},
): Promise<CommitResult<T>> {
  const { merge, rounds = 3, ...saveOptions } = options;
  const port =
    !intent.next.id && !(await honoursIfNoneExist(given, intent.next.resourceType))
      ? lookingFirst(given)
      : given;
  let next = intent.next;
  let base = intent.base;
  let rebased = false;
  let found: T | undefined;
  if (!next.id && intent.existing) {
    try {
      found = await intent.existing();
    } catch (err) {
      return failed(errorMessage(err));
    }
  }
  for (let round = 1; round <= rounds; round++) {
    if (base && unchanged(next, base))
      return { kind: 'saved', resource: base, ...(rebased ? { rebased } : {}) };
    let theirs: T;
    if (found) {
      theirs = found;
      found = undefined;
    } else {
      const met = await attempt(port, next, saveOptions);
      if (met.kind !== 'conflict') return met.kind === 'saved' && rebased ? { ...met, rebased } : met;
      if (met.theirs.kind === 'failed') return met.theirs;
      theirs = met.theirs.resource;
    }
    // Our own earlier attempt that landed: done, nothing to write twice.
    if (!next.id && sameContent(theirs, next)) return { kind: 'saved', resource: theirs };
    if (intent.rebase) {
      const again = intent.rebase(theirs);
      if (again === undefined) return { kind: 'saved', resource: theirs, rebased: true };
      next = again;
      base = theirs;
      rebased = true;
      continue;
    }
    // A create that met a copy takes its place: its id and version for If-Match, and its business
    // identifier, which is the copy's own and not the user's to change.
    const mine = next.id
      ? next
      : ({ ...next, id: theirs.id, meta: theirs.meta, ...identifierOf(theirs) } as T);
    // A create has no version in common with the copy found: what both say is taken as common,
    // and every element that differs is the user's call, so neither what they typed nor what the
    // other writer saved is dropped silently.
    const from = base ?? agreedPart(mine, theirs);
    if (!merge) throw new WriteRuntimeError(`No merge policy for ${next.resourceType}.`);
    return { kind: 'review', base: from, mine, theirs, merge: merge(from, mine, theirs) };
  }
  return failed('It kept changing while it was being saved.', true, 'kept-changing');
}

/** The elements two versions agree on, as the other's id and version: a base for a create's review. */
function agreedPart<T extends FhirResource>(mine: T, theirs: T): T {
  const m = mine as unknown as Record<string, unknown>;
  const common = Object.entries(theirs).filter(
    ([k, v]) => k === 'resourceType' || k === 'id' || k === 'meta' || canonical(v) === canonical(m[k]),
  );
  return Object.fromEntries(common) as unknown as T;
}

function identifierOf(r: FhirResource): { identifier?: unknown } {
  const id = (r as { identifier?: unknown }).identifier;
  return id === undefined ? {} : { identifier: id };
}

type Attempt<T extends FhirResource> =
  | Exclude<CommitResult<T>, { kind: 'review' }>
  /** Someone else's version (or an earlier copy of this create), or why it cannot be read. */
  | {
      kind: 'conflict';
      theirs: { kind: 'found'; resource: T } | ReturnType<typeof failed>;
    };

/**
 * A write the server stored without sending it back: the version now stored, read by the id the
 * `Location` header or the update names, else (a create) found by its business identifier. Sending
 * it again instead would be refused (an update's version is spent) or find the same copy.
 */
async function readBack<T extends FhirResource>(
  port: WritePort,
  next: T,
  location: string | undefined,
): Promise<Attempt<T>> {
  const type = next.resourceType as T['resourceType'];
  const id = locationId(location, type) ?? next.id;
  if (!id) {
    const copy = await existingCopy(port, next);
    return copy.kind === 'found'
      ? { kind: 'saved', resource: copy.resource }
      : failed(`The server saved it without sending it back, and it could not be read: ${copy.message}`);
  }
  try {
    return { kind: 'saved', resource: await port.read<T>(type, id) };
  } catch (err) {
    return failed(
      `The server saved it without sending it back, and it could not be read: ${errorMessage(err)}`,
    );
  }
}

/** One save, and on a conflict the version it met. */
async function attempt<T extends FhirResource>(
  port: WritePort,
  next: T,
  saveOptions: SaveOptions,
): Promise<Attempt<T>> {
  let outcome;
  try {
    outcome = await save(port.send, next, saveOptions);
  } catch (err) {
    // The protocol refused to send it (e.g. an update without the version read): a bug, not a retry.
    return failed(errorMessage(err), false);
  }
  switch (outcome.kind) {
    case 'saved':
      return { kind: 'saved', resource: outcome.resource };
    case 'saved-unseen':
      return readBack(port, next, outcome.location);
    case 'expired':
      return { kind: 'expired' };
    case 'retryable':
      return failed(outcome.message);
    case 'rejected':
      return failed(outcome.message, false);
    case 'conflict':
      break;
  }
  if (!next.id) return { kind: 'conflict', theirs: await existingCopy(port, next) };
  try {
    const theirs = await port.read<T>(next.resourceType as T['resourceType'], next.id);
    return { kind: 'conflict', theirs: { kind: 'found', resource: theirs } };
  } catch (err) {
    return { kind: 'conflict', theirs: failed(errorMessage(err)) };
  }
}
