import type { Goal, Identifier } from 'fhir/r4';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import { checkText, MAX_TEXT, newPriorityGoal, type PriorityInput } from '../core/voice/mapping';
import { EXAMPLES, exampleById } from '../core/voice/examples';
import type { PriorityKind } from '../core/voice/stated';
import { newIdentifier } from '../core/write/identity';
import { useVoice } from './env';
import { useDraft, useSave } from './hooks';
import { SaveStatus } from './SaveStatus';
import { CG_WHAT_MATTERS_EXAMPLE } from '../core/fhir/vocabulary';

interface AddDraft {
  /** Empty until the patient chooses: a default would save "care that is hard for me" as helpful. */
  kind: PriorityKind | '';
  text: string;
  /** The example picked, and the words it filled in (a rewrite drops the example's codes). */
  exampleId?: string;
  exampleText?: string;
  /** Made once per new item and kept until it is saved, so every retry is the same conditional create. */
  identifier?: Identifier;
}

/** Adding a value, an outcome goal or a care preference: an example to pick, or the patient's own words. */
export function AddPriority({
  area,
  kinds,
  nextRank,
  onSaved,
}: {
  area: 'aims' | 'care';
  kinds: readonly PriorityKind[];
  /** Where a new item goes in the patient's order (last), if this list is ordered. */
  nextRank?: number;
  onSaved: (goal: Goal) => void;
}) {
  const { t } = useTranslation();
  const env = useVoice();
  const id = useId();
  const draft = useDraft<AddDraft>(`voice.add.${area}`, () => ({ kind: '', text: '' }));
  const { status, setStatus, write } = useSave();
  const [problem, setProblem] = useState<string | undefined>();
  const [kindMissing, setKindMissing] = useState(false);
  const d = draft.value;
  // Before a kind is chosen, every example of this list is offered; picking one says its kind.
  const examples = EXAMPLES.filter((e) =>
    area === 'care' ? e.kind === 'care' : d.kind ? e.kind === d.kind : e.kind !== 'care',
  );
  const disabled = !env.canWrite;

  const change = (patch: Partial<AddDraft>) => {
    const next = { ...d, ...patch };
    next.identifier ??= newIdentifier(env.newId);
    draft.update(next);
  };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const issue = checkText(d.text);
    setProblem(issue ? t(`voice.add.problem.${issue}`, { max: MAX_TEXT }) : undefined);
    setKindMissing(d.kind === '');
    if (issue || d.kind === '') {
      // An earlier "Saved." beside "Please choose" would tell the patient this one was saved too.
      setStatus({ kind: 'idle' });
      return;
    }
    const identifier = d.identifier ?? newIdentifier(env.newId);
    if (!d.identifier) draft.update({ ...d, identifier });
    const example = d.exampleId && d.exampleText === d.text ? exampleById(d.exampleId) : undefined;
    const input: PriorityInput = { kind: d.kind, text: d.text };
    if (example) {
      input.example = { system: CG_WHAT_MATTERS_EXAMPLE, code: example.id, display: example.display };
      if (example.domain) input.domain = example.domain;
      if (example.preference) input.preference = example.preference;
    }
    if (nextRank !== undefined) input.rank = nextRank;
    const goal = newPriorityGoal(input, { patientId: env.patientId, today: env.today, identifier });
    const outcome = await write({ next: goal }, 'goals');
    if (outcome.kind === 'saved') {
      draft.clear();
      onSaved(outcome.resource);
    }
  }

  return (
    <form className="add-priority" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(`voice.add.title.${area}`)}</h3>
      {draft.restored && d.text && (
        <p className="notice small" data-testid="draft-restored">
          {t('voice.draft.restored')}
        </p>
      )}
      <fieldset
        disabled={disabled}
        aria-invalid={kindMissing || undefined}
        aria-describedby={kindMissing ? `${id}-kind-problem` : undefined}
      >
        <legend>{t(`voice.add.kindLegend.${area}`)}</legend>
        {kinds.map((k) => (
          <label key={k} className="choice">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={d.kind === k}
              onChange={() => {
                setKindMissing(false);
                change({ kind: k, ...(area === 'aims' ? { exampleId: undefined } : {}) });
              }}
            />{' '}
            {t(`voice.kind.${k}`)}
          </label>
        ))}
        {kindMissing && (
          <p id={`${id}-kind-problem`} className="field-problem" role="alert">
            {t(`voice.add.kindMissing.${area}`)}
          </p>
        )}
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>{t('voice.add.examplesLegend')}</legend>
        <div className="examples">
          {examples.map((ex) => {
            const text = t(`voice.examples.${ex.id}`);
            const picked = d.exampleId === ex.id && d.exampleText === d.text;
            return (
              <button
                key={ex.id}
                type="button"
                className="chip"
                aria-pressed={picked}
                onClick={() => {
                  const kind = ex.kind === 'care' ? d.kind : ex.kind;
                  if (kind) setKindMissing(false);
                  change({ exampleId: ex.id, exampleText: text, text, kind });
                }}
              >
                {text}
              </button>
            );
          })}
        </div>
      </fieldset>
      <label htmlFor={`${id}-text`} className="field-label">
        {t('voice.add.ownWords')}
      </label>
      <textarea
        id={`${id}-text`}
        value={d.text}
        maxLength={MAX_TEXT}
        rows={3}
        disabled={disabled}
        dir="auto"
        aria-describedby={`${id}-help${problem ? ` ${id}-problem` : ''}`}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => change({ text: e.target.value })}
      />
      <p id={`${id}-help`} className="small muted">
        {t('voice.add.help', { length: d.text.length, max: MAX_TEXT })}
      </p>
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={disabled || status.kind === 'saving'}>
          {t('voice.add.save')}
        </button>
      </div>
      <SaveStatus status={status} onRetry={() => void submit()} />
    </form>
  );
}
