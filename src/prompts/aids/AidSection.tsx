/**
 * The decision aid on a prompt card: "See the numbers" opens it for the clinician; "Show the
 * patient" puts the same aid, larger and worded for the patient, over the screen, and notes in the
 * shared plan that it was shown (once per aid and day; see src/core/plan/aids.ts).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { Words } from '../../core/aids/data';
import { promptLanguage } from '../../core/prompts/messages';
import type { Prompt } from '../../core/prompts/types';
import type { PromptDecisions } from '../PromptCards';
import { LazyAidPanel } from '.';

export interface AidShownInput {
  id: string;
  title: Words;
}

type Recording =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'read-only' }
  | { state: 'failed'; message: string };

export function AidSection({ prompt, decisions }: { prompt: Prompt; decisions: PromptDecisions }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [showing, setShowing] = useState(false);
  const [recording, setRecording] = useState<Recording>({ state: 'idle' });
  const opener = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const lang = promptLanguage(i18n.language);
  // Asked only once the aid is open: a closed card needs no age.
  const patient = open || showing ? decisions.describe(`Patient/${decisions.patientId}`) : undefined;
  const age = patient?.kind === 'patient' ? patient.age : undefined;

  useEffect(() => {
    if (!showing) return;
    back.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [showing]);

  function close() {
    setShowing(false);
    // Back where the clinician was, not at the top of the page.
    requestAnimationFrame(() => opener.current?.focus());
  }

  function record(aids: readonly AidShownInput[]) {
    if (!decisions.canWrite || !decisions.aidShown) {
      setRecording({ state: 'read-only' });
      return;
    }
    setRecording({ state: 'saving' });
    decisions.aidShown(aids).then(
      () => setRecording({ state: 'saved' }),
      (err: unknown) =>
        setRecording({ state: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  return (
    <div className="prompt-aid">
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={`${id}-aid`}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('prompts.aids.close') : t('prompts.aids.open')}
      </button>
      <div id={`${id}-aid`} hidden={!open}>
        {open && (
          <>
            <div className="aid-actions">
              <button
                type="button"
                ref={opener}
                aria-describedby={`${id}-help`}
                onClick={() => setShowing(true)}
              >
                {t('prompts.aids.showPatient')}
              </button>
              <span id={`${id}-help`} className="small muted">
                {t('prompts.aids.showPatientHelp')}
              </span>
            </div>
            <div aria-live="polite">
              {recording.state === 'saving' && <p className="muted small">{t('prompts.aids.recording')}</p>}
              {recording.state === 'saved' && <p className="small">{t('prompts.aids.recorded')}</p>}
              {recording.state === 'read-only' && (
                <p className="muted small">{t('prompts.aids.recordReadOnly')}</p>
              )}
              {recording.state === 'failed' && (
                <p className="error small" role="alert">
                  {t('prompts.aids.recordFailed', { message: recording.message })}
                </p>
              )}
            </div>
            <LazyAidPanel rule={prompt.rule} lang={lang} age={age} audience="clinician" />
          </>
        )}
      </div>
      {showing && (
        <div className="aid-show-patient" role="dialog" aria-modal="true" aria-labelledby={`${id}-patient`}>
          <button type="button" ref={back} className="secondary" onClick={close}>
            {t('prompts.aids.backToClinician')}
          </button>
          <h2 id={`${id}-patient`}>{t('prompts.aids.patientHeading')}</h2>
          <LazyAidPanel
            rule={prompt.rule}
            lang={lang}
            age={age}
            audience="patient"
            level={3}
            onShown={record}
          />
          <button type="button" className="secondary" onClick={close}>
            {t('prompts.aids.backToClinician')}
          </button>
        </div>
      )}
    </div>
  );
}
