/**
 * What every part of the patient's voice screens shares: where to write, where drafts live, and
 * how to put a saved resource back into the record on screen.
 */
import type { FhirResource } from 'fhir/r4';
import { createContext, useContext } from 'react';
import { draftStore, type DraftStore } from '../platform/drafts';
import { reread, writeTransport } from '../platform/writes';
import type { PanelId } from '../core/record/panels';
import type { WriteTransport } from '../core/write/save';
import type { RecordProps } from '../ui/RecordContext';

export interface VoiceEnv {
  patientId: string;
  canWrite: boolean;
  /** YYYY-MM-DD, the day things are stated. */
  today: string;
  drafts: DraftStore;
  transport: WriteTransport;
  reread<T extends FhirResource>(type: T['resourceType'], id: string): Promise<T>;
  replace(panel: PanelId, resource: FhirResource): void;
  expire(): void;
  newId(): string;
  now(): string;
}

export function voiceEnv(props: RecordProps): VoiceEnv {
  const { session } = props;
  return {
    patientId: session.patientId,
    canWrite: session.write.canWrite,
    today: localDay(props.today),
    drafts: draftStore({
      iss: session.iss,
      patientId: session.patientId,
      user: session.fhirUser ?? `Patient/${session.patientId}`,
    }),
    transport: writeTransport(session.client),
    reread: (type, id) => reread(session.client, type, id),
    replace: props.replace,
    expire: props.expire,
    newId: () => crypto.randomUUID(),
    now: () => new Date().toISOString(),
  };
}

/** The patient's calendar day (not UTC's): what they said today is dated today where they are. */
function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const VoiceContext = createContext<VoiceEnv | null>(null);

export function useVoice(): VoiceEnv {
  const env = useContext(VoiceContext);
  if (!env) throw new Error('useVoice outside VoiceContext');
  return env;
}
