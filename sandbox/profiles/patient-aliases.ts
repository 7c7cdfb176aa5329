/**
 * Long opaque patient ids at the seam (epic-like): the app only ever sees an alias such as
 * `eVb3a…` (44 characters), the FHIR server only ever the fixture's own id, so fixtures stay as
 * they are. An alias is derived from the id (no state to lose on reset); the way back is a map of the
 * loaded patients, rebuilt when an alias is not in it (a patient created since).
 */
import { createHash } from 'node:crypto';
import type { FhirServer } from '../contract';

export function patientAlias(id: string): string {
  // FHIR ids allow [A-Za-z0-9-.]: base64url with `_` turned into `.`.
  const digest = createHash('sha256').update(`epic-like/${id}`).digest('base64url').replace(/_/g, '.');
  return `e${digest.slice(0, 43)}`;
}

/** An alias as it can appear inside a path, a query value or a reference. */
const ALIAS_IN_TEXT = /e[A-Za-z0-9\-.]{43}/g;

export class PatientAliases {
  private byAlias = new Map<string, string>();
  private ids = new Set<string>();

  constructor(private readonly fhir: Pick<FhirServer, 'listPatients'>) {}

  private async refresh(): Promise<void> {
    const patients = await this.fhir.listPatients();
    this.byAlias = new Map(patients.flatMap((p) => (p.id ? [[patientAlias(p.id), p.id] as const] : [])));
    this.ids = new Set(this.byAlias.values());
  }

  /** Loads the map once, and again when `text` holds an alias it does not know. */
  async prepare(texts: readonly string[]): Promise<void> {
    if (this.byAlias.size === 0) return this.refresh();
    const unknown = texts.some((t) => [...t.matchAll(ALIAS_IN_TEXT)].some((m) => !this.byAlias.has(m[0])));
    if (unknown) await this.refresh();
  }

  /** Every known alias in `text` becomes the stored id (aliases are too long to occur by chance). */
  toStored(text: string): string {
    return text.replace(ALIAS_IN_TEXT, (alias) => this.byAlias.get(alias) ?? alias);
  }

  isStoredPatient(id: string): boolean {
    return this.ids.has(id);
  }
}

/** `Patient/<id>` (relative, absolute, or followed by `/_history/…`) with a stored id. */
const PATIENT_REFERENCE = /(^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?=$|\/|\?)/;

/**
 * The app-facing form of one string of a response: patient references, and in a paging link the bare
 * ids of its query (`patient=<id>`). Ids are short and could occur in prose, so only those places.
 */
export function toPublic(text: string, key: string | undefined, aliases: PatientAliases): string {
  let out = text.replace(new RegExp(PATIENT_REFERENCE, 'g'), (whole, lead: string, id: string) =>
    aliases.isStoredPatient(id) ? `${lead}Patient/${patientAlias(id)}` : whole,
  );
  if (key === 'url' && out.includes('?')) {
    const at = out.indexOf('?');
    let changed = false;
    const pairs = [...new URLSearchParams(out.slice(at + 1))].map(([name, value]) => {
      const mapped = value
        .split(',')
        .map((v) => {
          if (aliases.isStoredPatient(v)) return patientAlias(v);
          const id = v.startsWith('Patient/') ? v.slice('Patient/'.length) : '';
          return aliases.isStoredPatient(id) ? `Patient/${patientAlias(id)}` : v;
        })
        .join(',');
      if (mapped !== value) changed = true;
      return [name, mapped];
    });
    if (changed) out = `${out.slice(0, at)}?${new URLSearchParams(pairs).toString()}`;
  }
  return out;
}

/** Patient resources (anywhere in a response, Bundles included) get their alias as id. */
export function aliasPatientIds(value: unknown, aliases: PatientAliases): unknown {
  if (Array.isArray(value)) return value.map((v) => aliasPatientIds(v, aliases));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = aliasPatientIds(v, aliases);
  const record = value as { resourceType?: unknown; id?: unknown };
  if (
    record.resourceType === 'Patient' &&
    typeof record.id === 'string' &&
    aliases.isStoredPatient(record.id)
  )
    out.id = patientAlias(record.id);
  return out;
}
