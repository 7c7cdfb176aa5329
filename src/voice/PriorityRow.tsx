import type { Goal } from 'fhir/r4';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react';
import type { EditablePriority } from '../core/voice/priorities';
import { checkText, editPriorityText, MAX_TEXT, retirePriorityGoal } from '../core/voice/mapping';
import { resolve, type MergeResult } from '../core/write/merge';
import { Conflict } from './Conflict';
import { useVoice } from './env';
import { useDraft, useSave } from './hooks';
import { SaveStatus } from './SaveStatus';

interface EditDraft {
  /** Open editor with the patient's unsaved words, and the version they started from (for If-Match). */
  text: string;
  base: Goal;
}

type Pending =
  | { kind: 'none' }
  | { kind: 'confirm-retire' }
  | { kind: 'conflict'; mine: Goal; theirs: Goal; merge: MergeResult<Goal> }
  | { kind: 'changed-meanwhile' };

function Words({ goal }: { goal: Goal }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="words" dir="auto">
        {goal.description.text}
      </p>
      {goal.lifecycleStatus === 'cancelled' && <p className="small muted">{t('voice.row.removedNote')}</p>}
    </>
  );
}

/**
 * One thing the patient said: their words, and ways to change or remove it. Changing opens an
 * editor whose words are a draft until saved; removing retires the Goal (`cancelled`), after a
 * confirmation, so it stays in the record.
 */
export function PriorityRow({
  priority,
  label,
  tags,
  controls,
}: {
  priority: EditablePriority;
  /** Accessible name of the row's buttons ("Change: Walk to church"). */
  label: string;
  tags?: ReactNode;
  controls?: ReactNode;
}) {
  const { t } = useTranslation();
  const env = useVoice();
  const id = useId();
  const goal = priority.goal;
  const edit = useDraft<EditDraft | null>(`voice.edit.${goal.id ?? ''}`, () => null);
  const { status, setStatus, write } = useSave();
  const [pending, setPending] = useState<Pending>({ kind: 'none' });
  const [problem, setProblem] = useState<string | undefined>();

  async function saveResolved(next: Goal, base: Goal) {
    const outcome = await write({ next, base }, 'goals');
    if (outcome.kind === 'saved') {
      edit.clear();
      setPending({ kind: 'none' });
    } else if (outcome.kind === 'review') {
      setPending({ kind: 'conflict', mine: next, theirs: outcome.theirs, merge: outcome.merge });
    }
  }

  async function saveEdit() {
    if (!edit.value) return;
    const issue = checkText(edit.value.text);
    if (issue) {
      setProblem(t(`voice.add.problem.${issue}`, { max: MAX_TEXT }));
      return;
    }
    setProblem(undefined);
    await saveResolved(editPriorityText(edit.value.base, edit.value.text), edit.value.base);
  }

  async function keepMine() {
    if (pending.kind !== 'conflict') return;
    const choices = Object.fromEntries(pending.merge.conflicts.map((c) => [c.field, 'mine' as const]));
    // The next save is based on the newer version: a second 412 means yet another change.
    await saveResolved(resolve(pending.merge, choices), pending.theirs);
  }

  function keepTheirs() {
    if (pending.kind !== 'conflict') return;
    edit.clear();
    setPending({ kind: 'none' });
    setStatus({ kind: 'idle' });
  }

  async function retire() {
    const outcome = await write({ next: retirePriorityGoal(goal, env.today), base: goal }, 'goals');
    if (outcome.kind === 'saved') setPending({ kind: 'none' });
    // Someone changed it meanwhile: the newer version is shown, and the patient decides again.
    else if (outcome.kind === 'review') setPending({ kind: 'changed-meanwhile' });
  }

  const editing = edit.value !== null;
  const retry = () => void (pending.kind === 'confirm-retire' ? retire() : editing ? saveEdit() : undefined);

  return (
    <li className="priority" data-testid="priority" data-goal-id={goal.id}>
      <div className="priority-main">
        {tags && <div className="tags">{tags}</div>}
        {!editing && <Words goal={goal} />}
        {editing && edit.value && (
          <div className="editor">
            {edit.restored && (
              <p className="notice small" data-testid="draft-restored">
                {t('voice.draft.restored')}
              </p>
            )}
            <label htmlFor={`${id}-edit`} className="field-label">
              {t('voice.row.editLabel')}
            </label>
            <textarea
              id={`${id}-edit`}
              dir="auto"
              rows={3}
              maxLength={MAX_TEXT}
              value={edit.value.text}
              disabled={!env.canWrite}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => edit.value && edit.update({ ...edit.value, text: e.target.value })}
            />
            {problem && (
              <p className="field-problem" role="alert">
                {problem}
              </p>
            )}
            <div className="actions">
              <button type="button" onClick={() => void saveEdit()} disabled={status.kind === 'saving'}>
                {t('voice.row.saveChange')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  edit.clear();
                  setProblem(undefined);
                  setStatus({ kind: 'idle' });
                  setPending({ kind: 'none' });
                }}
              >
                {t('voice.row.cancelChange')}
              </button>
            </div>
          </div>
        )}
        {pending.kind === 'conflict' && (
          <Conflict
            mine={<Words goal={pending.mine} />}
            theirs={<Words goal={pending.theirs} />}
            onKeepMine={() => void keepMine()}
            onKeepTheirs={keepTheirs}
            busy={status.kind === 'saving'}
          />
        )}
        {pending.kind === 'changed-meanwhile' && (
          <p className="notice small" role="status">
            {t('voice.row.changedMeanwhile')}
          </p>
        )}
        {pending.kind === 'confirm-retire' && (
          <div className="confirm" role="group" aria-label={t('voice.row.confirmRemove')}>
            <p>{t('voice.row.confirmRemove')}</p>
            <div className="actions">
              <button type="button" onClick={() => void retire()} disabled={status.kind === 'saving'}>
                {t('voice.row.yesRemove')}
              </button>
              <button type="button" className="secondary" onClick={() => setPending({ kind: 'none' })}>
                {t('voice.row.keep')}
              </button>
            </div>
          </div>
        )}
        <SaveStatus status={status} onRetry={retry} />
      </div>
      {env.canWrite && !editing && pending.kind !== 'confirm-retire' && (
        <div className="row-actions">
          {controls}
          <button
            type="button"
            className="secondary"
            aria-label={t('voice.row.changeLabel', { text: label })}
            onClick={() => {
              setPending({ kind: 'none' });
              edit.update({ text: goal.description.text ?? '', base: goal });
            }}
          >
            {t('voice.row.change')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={t('voice.row.removeLabel', { text: label })}
            onClick={() => setPending({ kind: 'confirm-retire' })}
          >
            {t('voice.row.remove')}
          </button>
        </div>
      )}
    </li>
  );
}
