import type { Goal, Identifier, Observation } from 'fhir/r4';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import { PanelStateNotice } from '../ui/Panel';
import { SaveStatus } from './SaveStatus';
import { newPriorityGoal } from '../core/voice/mapping';
import { readPriorities, type Priority } from '../core/voice/priorities';
import { PRIORITY_KINDS, type PriorityKind } from '../core/voice/stated';
import { goalsOf, readyResources, type RecordProps } from '../ui/RecordContext';
import { formatDate } from '../ui/format';
import { rulesView } from '../core/record/read';
import { newIdentifier } from '../core/write/identity';
import { useRecordDrafts } from '../ui/drafts';
import { localDay } from '../ui/format';
import { useRecordCommit } from '../ui/useCommit';
import { useDraft, type WriteAbility } from './useWorkspace';

/** When it was said, who said it when not the patient, and where it comes from when not this app. */
/** `inline` after the words on one line; in a list the notes start their own line, with no "·" first. */
function Stated({
  p,
  alsoMarked = false,
  inline = false,
}: {
  p: Priority;
  alsoMarked?: boolean;
  inline?: boolean;
}) {
  const { t, i18n } = useTranslation();
  // One unbroken date: a narrow column split "said Aug / 30, 2026" across lines.
  const date = formatDate(p.stated, i18n.language)?.replace(/ /g, '\u00a0');
  const notes = [
    ...(alsoMarked ? [t('workspace.matters.alsoMarked')] : []),
    ...(date ? [t('workspace.matters.stated', { date })] : []),
    ...(p.byRelatedPerson ? [t('workspace.matters.source.relatedPerson')] : []),
    ...(p.source !== 'common-ground' ? [t(`workspace.matters.source.${p.source}`)] : []),
  ];
  return notes.length ? (
    <span className="row-meta" data-source={p.source}>
      {inline && ' · '}
      {notes.join(' · ')}
    </span>
  ) : null;
}

function PriorityItems({ items, label }: { items: Priority[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{label}</h3>
      <ul className="rows">
        {items.map((p) => (
          <li className="row patient-stated" key={p.key}>
            <span className="row-title">
              <q>{p.text}</q>
            </span>
            <Stated p={p} alsoMarked={p.oneThing} />
          </li>
        ))}
      </ul>
    </>
  );
}

interface RecordDraft {
  text: string;
  /** Empty until the clinician chooses: a default would save a care preference left unchanged as a goal. */
  kind: PriorityKind | '';
  oneThing: boolean;
  /** Kept with the draft, so a retried save is the same create. */
  identifier: Identifier;
}

const freshDraft = (): RecordDraft => ({
  text: '',
  kind: '',
  oneThing: false,
  identifier: newIdentifier(() => crypto.randomUUID()),
});

/** Recording, in the visit, what the patient says matters to them (their words; entered by the clinician). */
function RecordPriority(props: RecordProps & { ability: WriteAbility; open: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const drafts = useRecordDrafts(props);
  const commit = useRecordCommit(props);
  const draft = useDraft<RecordDraft>(drafts, 'matters.record', freshDraft);
  const [status, setStatus] = useState<
    { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }
  >({
    kind: 'idle',
  });
  const [invalid, setInvalid] = useState(false);
  const [kindMissing, setKindMissing] = useState(false);
  const d = draft.value;
  const canBeOneThing = d.kind === 'value' || d.kind === 'outcome-goal';
  const disabled = !props.ability.canWrite || status.kind === 'saving';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const noWords = !d.text.trim();
    setInvalid(noWords);
    setKindMissing(d.kind === '');
    if (noWords || d.kind === '') return;
    setStatus({ kind: 'saving' });
    const goal: Goal = newPriorityGoal(
      // A box ticked before the kind was changed to a care preference is hidden, and must not count.
      { kind: d.kind, text: d.text, ...(d.oneThing && canBeOneThing ? { oneThing: true } : {}) },
      {
        patientId: props.session.patientId,
        today: localDay(props.today),
        identifier: d.identifier,
        ...(props.session.fhirUser ? { recordedBy: props.session.fhirUser } : {}),
      },
    );
    const res = await commit({ next: goal }, 'goals');
    if (res.kind === 'saved') {
      draft.clear(freshDraft());
      setStatus({ kind: 'saved' });
    } else if (res.kind === 'failed') setStatus({ kind: 'error', message: res.message });
    else if (res.kind === 'review') setStatus({ kind: 'error', message: t('workspace.save.conflictCreate') });
  }

  return (
    <details className="record-priority" open={props.open || draft.restored || undefined}>
      <summary>{t('workspace.matters.recordTitle')}</summary>
      <form onSubmit={submit} aria-labelledby={`${id}-legend`}>
        <p id={`${id}-legend`} className="muted small">
          {t('workspace.matters.recordHelp')}
        </p>
        {draft.restored && <p className="notice small">{t('workspace.draftRestored')}</p>}
        <label htmlFor={`${id}-text`}>{t('workspace.matters.words')}</label>
        <textarea
          id={`${id}-text`}
          value={d.text}
          rows={2}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-err` : undefined}
          onChange={(e) => draft.update({ ...d, text: e.target.value })}
        />
        {invalid && (
          <p id={`${id}-err`} className="field-error" role="alert">
            {t('workspace.matters.wordsRequired')}
          </p>
        )}
        <fieldset
          aria-invalid={kindMissing || undefined}
          aria-describedby={kindMissing ? `${id}-kind-err` : undefined}
        >
          <legend>{t('workspace.matters.kind')}</legend>
          {PRIORITY_KINDS.map((k) => (
            <label className="choice" key={k}>
              <input
                type="radio"
                name={`${id}-kind`}
                value={k}
                checked={d.kind === k}
                onChange={() => {
                  setKindMissing(false);
                  draft.update({ ...d, kind: k });
                }}
              />
              {t(`workspace.matters.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
        {kindMissing && (
          <p id={`${id}-kind-err`} className="field-error" role="alert">
            {t('workspace.matters.kindRequired')}
          </p>
        )}
        {canBeOneThing && (
          <label className="choice">
            <input
              type="checkbox"
              checked={d.oneThing}
              onChange={(e) => draft.update({ ...d, oneThing: e.target.checked })}
            />
            {t('workspace.matters.isOneThing')}
          </label>
        )}
        <div className="actions">
          <button type="submit" disabled={disabled}>
            {t('workspace.matters.save')}
          </button>
        </div>
        <SaveStatus status={status} savedText={t('workspace.matters.saved')} />
      </form>
    </details>
  );
}

/** The patient's own priorities, before anything else. */
export function WhatMatters(props: RecordProps & { ability: WriteAbility }) {
  const { t } = useTranslation();
  const state = props.panels.goals;
  // Priorities other apps kept as Observations are read as the rules read them: on a long record the
  // rules' narrowed read, which holds every Observation the priorities reader can match, comes first.
  const read = rulesView(props.panels, props.narrowed);
  const p = readPriorities(
    goalsOf(props.panels),
    props.session.patientId,
    readyResources<Observation>(read, 'observations'),
  );
  // "Nothing recorded" only once the Observations are in: a priority may be among them.
  const observationsIn = read.observations?.status === 'ready' || read.observations?.status === 'not-granted';
  const nothing = p.all.length === 0;
  return (
    <section className="panel matters" aria-labelledby="matters-heading" data-testid="what-matters">
      <h2 id="matters-heading">{t('workspace.matters.title')}</h2>
      <PanelStateNotice state={state} onRetry={props.retry} />
      {state?.status === 'ready' && nothing && observationsIn && (
        <div className="ask" data-testid="matters-empty">
          <p>{t('workspace.matters.empty')}</p>
          <p className="prompt">{t('workspace.matters.ask')}</p>
        </div>
      )}
      {p.oneThing && (
        <div className="one-thing" data-testid="one-thing">
          <h3>{t('workspace.matters.oneThing')}</h3>
          <p className="row-title">
            <q>{p.oneThing.text}</q>
            <Stated p={p.oneThing} inline />
          </p>
        </div>
      )}
      <PriorityItems items={p.others} label={t('workspace.matters.others')} />
      <PriorityItems items={p.helpful} label={t('workspace.matters.helpful')} />
      <PriorityItems items={p.burdensome} label={t('workspace.matters.burdensome')} />
      <PriorityItems items={p.care} label={t('workspace.matters.care')} />
      {state?.status === 'ready' && <RecordPriority {...props} open={nothing && observationsIn} />}
    </section>
  );
}
