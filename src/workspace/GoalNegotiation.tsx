import type { Goal, GoalTarget as FhirGoalTarget, Identifier } from 'fhir/r4';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import { SaveStatus } from './SaveStatus';
import { conceptText, problemList, targetText } from '../core/record/display';
import { expressedByRelatedPerson, isPatientPriority } from '../core/voice/stated';
import {
  acceptances,
  agreeGoal,
  agreementOf,
  BOUNDS,
  emptyTargetRow,
  goalsToNegotiate,
  isKeptRow,
  proposeClinicalGoal,
  rowProblem,
  targetsForm,
  targetsFromForm,
  type Bound,
  type FormTarget,
  type GoalAgreement,
  type TargetRow,
} from '../core/workspace/goals';
import { MEASURE_IDS, type MeasureId } from '../core/workspace/measures';
import { resolve, type MergeResult } from '../core/write/merge';
import { goalSource } from '../ui/GoalList';
import { conditionsOf, goalsOf, type RecordProps } from '../ui/RecordContext';
import { MergeReview } from './MergeReview';
import { newIdentifier } from '../core/write/identity';
import { useRecordDrafts } from '../ui/drafts';
import { formatDate, localDay } from '../ui/format';
import { useRecordCommit } from '../ui/useCommit';
import { useDraft, type WriteAbility } from './useWorkspace';
import { isPatientRef } from '../core/fhir/references';

interface GoalDraft {
  text: string;
  /** Each target as read (or added), in order; what the clinician leaves alone is saved as it was. */
  targets: FormTarget[];
  due: string;
  /** The due date as read, so a changed one can be told from an unchanged one. */
  dueRead?: string;
  addresses: string[];
  status: GoalAgreement['status'];
  /** New clinical goals: the patient agreed in the visit. */
  patientAgrees: boolean;
  identifier?: Identifier;
  /** The version the edit started from (for If-Match and the merge). */
  base?: Goal;
}

function draftOf(goal: Goal | undefined): GoalDraft {
  if (!goal)
    return {
      text: '',
      targets: [],
      due: '',
      addresses: [],
      status: 'accepted',
      // The patient's agreement is said by the clinician, never assumed: unticked, it is a proposal.
      patientAgrees: false,
      identifier: newIdentifier(() => crypto.randomUUID()),
    };
  const a = agreementOf(goal);
  const form = targetsForm(goal);
  return {
    text: a.text,
    targets: form.targets,
    due: form.due,
    dueRead: form.due,
    addresses: a.addresses,
    status: a.status,
    patientAgrees: true,
    base: goal,
  };
}

/** A target the form does not edit, in words, kept as recorded unless removed. */
function KeptTarget({ target }: { target: FhirGoalTarget }) {
  const { t, i18n } = useTranslation();
  const words = targetText(target);
  return (
    <span>
      {[words.measure, words.detail].filter(Boolean).join(' ')}
      {words.due && ` ${t('goals.due', { date: formatDate(words.due, i18n.language) })}`}
      <span className="muted small"> — {t('workspace.goals.keptTarget')}</span>
    </span>
  );
}

type FormStatus =
  | { kind: 'idle' | 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; base: Goal; theirs: Goal; result: MergeResult<Goal> };

function GoalForm(
  props: RecordProps & {
    goal: Goal | undefined;
    clinician: string;
    onDone: (msg: string) => void;
    onCancel: () => void;
  },
) {
  const { t } = useTranslation();
  const id = useId();
  const drafts = useRecordDrafts(props);
  const commit = useRecordCommit(props);
  const key = `goal.${props.goal?.id ?? 'new'}`;
  const draft = useDraft<GoalDraft>(drafts, key, () => draftOf(props.goal));
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });
  const [errors, setErrors] = useState<{ text?: boolean; targets: number[] }>({ targets: [] });
  const d = draft.value;
  const set = (patch: Partial<GoalDraft>) => draft.update({ ...d, ...patch });
  const setRow = (i: number, patch: Partial<TargetRow>) =>
    set({ targets: d.targets.map((r, j) => (j === i && !isKeptRow(r) ? { ...r, ...patch } : r)) });
  const removeRow = (i: number) => set({ targets: d.targets.filter((_, j) => j !== i) });
  const conditions = problemList(conditionsOf(props.panels)).filter((c) => c.active && c.id);
  const ctx = {
    patientId: props.session.patientId,
    clinician: props.clinician,
    today: localDay(props.today),
  };

  async function send(goal: Goal, base: Goal | undefined) {
    setStatus({ kind: 'saving' });
    const res = await commit(base ? { next: goal, base } : { next: goal }, 'goals');
    if (res.kind === 'saved') {
      draft.clear(draftOf(undefined));
      props.onDone(t('workspace.goals.saved'));
    } else if (res.kind === 'review') {
      draft.update({ ...d, base: res.base });
      setStatus({ kind: 'conflict', base: res.base, theirs: res.theirs, result: res.merge });
    } else if (res.kind === 'failed') setStatus({ kind: 'error', message: res.message });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { targets, invalid } = targetsFromForm({
      targets: d.targets,
      due: d.due,
      ...(d.dueRead !== undefined ? { dueRead: d.dueRead } : {}),
    });
    const noText = !d.text.trim();
    setErrors({ ...(noText ? { text: true } : {}), targets: invalid });
    if (noText || invalid.length) return;
    const agreement: GoalAgreement = {
      text: d.text,
      targets,
      addresses: d.addresses,
      status: d.status,
    };
    if (props.goal) {
      const base = d.base ?? props.goal;
      await send(agreeGoal(base, agreement, ctx), base);
    } else {
      const proposed = proposeClinicalGoal(agreement, {
        ...ctx,
        identifier: d.identifier ?? newIdentifier(() => crypto.randomUUID()),
      });
      await send(d.patientAgrees ? agreeGoal(proposed, agreement, ctx) : proposed, undefined);
    }
  }

  if (status.kind === 'conflict') {
    return (
      <MergeReview
        base={status.base}
        theirs={status.theirs}
        result={status.result}
        busy={false}
        onCancel={() => setStatus({ kind: 'idle' })}
        onSave={(choices) => void send(resolve(status.result, choices), status.theirs)}
      />
    );
  }

  return (
    <form className="goal-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="goal-form">
      <h3 id={`${id}-title`}>
        {t(props.goal ? 'workspace.goals.formAgree' : 'workspace.goals.formPropose')}
      </h3>
      {draft.restored && <p className="notice small">{t('workspace.draftRestored')}</p>}
      <label htmlFor={`${id}-text`}>{t('workspace.goals.text')}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        value={d.text}
        aria-invalid={errors.text || undefined}
        onChange={(e) => set({ text: e.target.value })}
      />
      {errors.text && (
        <p className="field-error" role="alert">
          {t('workspace.goals.textRequired')}
        </p>
      )}
      <fieldset>
        <legend>{t('workspace.goals.targets')}</legend>
        {d.targets.length === 0 && <p className="muted small">{t('workspace.goals.noTargets')}</p>}
        {d.targets.map((r, i) =>
          isKeptRow(r) ? (
            <div
              className="target-row kept"
              key={i}
              role="group"
              aria-label={t('workspace.goals.targetN', { n: i + 1 })}
            >
              <KeptTarget target={r.kept} />
              <button type="button" className="secondary" onClick={() => removeRow(i)}>
                {t('workspace.goals.removeTarget')}
              </button>
            </div>
          ) : (
            <div
              className="target-row"
              key={i}
              role="group"
              aria-label={t('workspace.goals.targetN', { n: i + 1 })}
            >
              <label>
                {t('workspace.goals.measure')}
                <select
                  value={r.measure}
                  onChange={(e) => setRow(i, { measure: e.target.value as MeasureId })}
                >
                  {!r.measure && (
                    <option value="" disabled>
                      {t('workspace.goals.chooseMeasure')}
                    </option>
                  )}
                  {MEASURE_IDS.map((m) => (
                    <option key={m} value={m}>
                      {t(`workspace.measure.${m}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('workspace.goals.bound')}
                <select value={r.bound} onChange={(e) => setRow(i, { bound: e.target.value as Bound })}>
                  {!r.bound && (
                    <option value="" disabled>
                      {t('workspace.goals.chooseBound')}
                    </option>
                  )}
                  {BOUNDS.map((b) => (
                    <option key={b} value={b}>
                      {t(`workspace.goals.bounds.${b}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t(r.bound === 'between' ? 'workspace.goals.from' : 'workspace.goals.value')}
                <input
                  inputMode="decimal"
                  value={r.a}
                  size={6}
                  aria-invalid={errors.targets.includes(i) || undefined}
                  onChange={(e) => setRow(i, { a: e.target.value })}
                />
              </label>
              {r.bound === 'between' && (
                <label>
                  {t('workspace.goals.to')}
                  <input
                    inputMode="decimal"
                    value={r.b}
                    size={6}
                    aria-invalid={errors.targets.includes(i) || undefined}
                    onChange={(e) => setRow(i, { b: e.target.value })}
                  />
                </label>
              )}
              {r.measure && <span className="unit">{t(`workspace.unit.${r.measure}`)}</span>}
              <button type="button" className="secondary" onClick={() => removeRow(i)}>
                {t('workspace.goals.removeTarget')}
              </button>
              {errors.targets.includes(i) && (
                <p className="field-error" role="alert">
                  {t(
                    rowProblem(r) === 'measure'
                      ? 'workspace.goals.measureRequired'
                      : rowProblem(r) === 'bound'
                        ? 'workspace.goals.boundRequired'
                        : 'workspace.goals.targetInvalid',
                  )}
                </p>
              )}
            </div>
          ),
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => set({ targets: [...d.targets, emptyTargetRow()] })}
        >
          {t('workspace.goals.addTarget')}
        </button>
      </fieldset>
      <label htmlFor={`${id}-due`}>{t('workspace.goals.due')}</label>
      <input id={`${id}-due`} type="date" value={d.due} onChange={(e) => set({ due: e.target.value })} />
      <fieldset>
        <legend>{t('workspace.goals.addresses')}</legend>
        {conditions.length === 0 && <p className="muted small">{t('workspace.goals.noConditions')}</p>}
        {conditions.map((c) => {
          const ref = `Condition/${c.id}`;
          return (
            <label className="choice" key={c.id}>
              <input
                type="checkbox"
                checked={d.addresses.includes(ref)}
                onChange={(e) =>
                  set({
                    addresses: e.target.checked
                      ? [...d.addresses, ref]
                      : d.addresses.filter((x) => x !== ref),
                  })
                }
              />
              {c.text}
            </label>
          );
        })}
      </fieldset>
      {!props.goal && (
        <label className="choice">
          <input
            type="checkbox"
            checked={d.patientAgrees}
            onChange={(e) => set({ patientAgrees: e.target.checked })}
          />
          {t('workspace.goals.patientAgrees')}
        </label>
      )}
      {(props.goal || d.patientAgrees) && (
        <fieldset>
          <legend>{t('workspace.goals.status')}</legend>
          {(props.goal?.lifecycleStatus === 'on-hold'
            ? (['accepted', 'active', 'on-hold'] as const)
            : (['accepted', 'active'] as const)
          ).map((s) => (
            <label className="choice" key={s}>
              <input
                type="radio"
                name={`${id}-status`}
                checked={d.status === s}
                onChange={() => set({ status: s })}
              />
              {t(`workspace.goals.statuses.${s}`)}
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" disabled={status.kind === 'saving'}>
          {t(props.goal || d.patientAgrees ? 'workspace.goals.saveAgreed' : 'workspace.goals.savePropose')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            draft.clear(draftOf(props.goal));
            props.onCancel();
          }}
        >
          {t('workspace.goals.cancel')}
        </button>
      </div>
      <SaveStatus status={status} />
    </form>
  );
}

/** Agreeing on goals: accept or edit the patient's, or propose a clinical one; who agreed is recorded. */
export function GoalNegotiation(
  props: RecordProps & { ability: WriteAbility; clinician: string | undefined },
) {
  const { t } = useTranslation();
  const drafts = useRecordDrafts(props);
  const pid = props.session.patientId;
  // The patient's values and care preferences are under "What matters": never goals to agree on.
  const goals = goalsToNegotiate(goalsOf(props.panels), pid);
  // An edit left unsaved (reload, expired session) opens again where it was.
  const [editing, setEditing] = useState<string | undefined>(() =>
    ['new', ...goals.map((g) => g.id ?? '')].find((gid) => gid && drafts.load(`goal.${gid}`) !== undefined),
  );
  const [message, setMessage] = useState('');
  const canEdit = props.ability.canWrite && props.clinician !== undefined;
  const done = (msg: string) => {
    setEditing(undefined);
    setMessage(msg);
  };
  const form = (goal: Goal | undefined) =>
    props.clinician && (
      <GoalForm
        {...props}
        goal={goal}
        clinician={props.clinician}
        onDone={done}
        onCancel={() => setEditing(undefined)}
      />
    );
  return (
    <section className="panel negotiate" aria-labelledby="negotiate-heading" data-testid="negotiate">
      <h2 id="negotiate-heading">{t('workspace.goals.title')}</h2>
      <p role="status" className="small">
        {message}
      </p>
      {goals.length === 0 && <p className="empty">{t('workspace.goals.none')}</p>}
      <ul className="rows">
        {goals.map((g) => {
          const patientStated = isPatientPriority(g, pid);
          const agreed = acceptances(g).filter((a) => a.status === 'agree');
          const text = conceptText(g.description) ?? '';
          const gid = g.id ?? '';
          return (
            <li key={gid} className={`row ${patientStated ? 'patient-stated' : 'clinical'}`} data-goal={gid}>
              <span className="row-title">{patientStated ? <q>{text}</q> : text}</span>
              <span className="row-meta">
                <span className="tag">
                  {t(goalSource({ patientStated, byRelatedPerson: expressedByRelatedPerson(g) }))}
                </span>
                <span> · {t(`goals.status.${g.lifecycleStatus}`)}</span>
                {agreed.length > 0 && (
                  <span>
                    {' '}
                    ·{' '}
                    {t('workspace.goals.agreedBy', {
                      who: agreed
                        .map((a) =>
                          isPatientRef(a.individual, pid)
                            ? t('workspace.goals.thePatient')
                            : a.individual === props.clinician
                              ? t('workspace.goals.you')
                              : a.individual,
                        )
                        .join(', '),
                    })}
                  </span>
                )}
              </span>
              {editing === gid ? (
                form(g)
              ) : (
                <span>
                  <button
                    type="button"
                    className="secondary"
                    disabled={!canEdit || editing !== undefined}
                    onClick={() => setEditing(gid)}
                  >
                    {t(g.lifecycleStatus === 'proposed' ? 'workspace.goals.agree' : 'workspace.goals.edit')}
                    {/* The visible words start the accessible name (WCAG 2.5.3); the goal tells the buttons apart. */}
                    <span className="visually-hidden">: {text}</span>
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {editing === 'new' ? (
        form(undefined)
      ) : (
        <button type="button" disabled={!canEdit || editing !== undefined} onClick={() => setEditing('new')}>
          {t('workspace.goals.propose')}
        </button>
      )}
    </section>
  );
}
