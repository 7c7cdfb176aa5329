/**
 * What every part of the patient's voice screens shares: where to write, where drafts live, and
 * how to put a saved resource back into the record on screen.
 */
import { createContext, useContext } from 'react';
import { draftStore, type DraftStore } from '../platform/drafts';
import { writePort } from '../platform/writes';
import type { RecordProps } from '../ui/RecordContext';
import { localDay } from '../ui/format';
import type { CommitEnv } from '../ui/useCommit';

export interface VoiceEnv extends CommitEnv {
  patientId: string;
  canWrite: boolean;
  /** YYYY-MM-DD, the day things are stated. */
  today: string;
  drafts: DraftStore;
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
    port: writePort(session.client, session.fhir),
    replace: props.replace,
    expire: props.expire,
    newId: () => crypto.randomUUID(),
    now: () => new Date().toISOString(),
  };
}

export const VoiceContext = createContext<VoiceEnv | null>(null);

export function useVoice(): VoiceEnv {
  const env = useContext(VoiceContext);
  if (!env) throw new Error('useVoice outside VoiceContext');
  return env;
}
