import type { CarePlan, Condition, Goal, Identifier, Patient, Reference } from 'fhir/r4';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react';
import { PanelStateNotice } from '../ui/Panel';
import { SaveStatus } from './SaveStatus';
import { ageOn, conceptText, personName, problemList } from '../core/record/display';
import {
  actionId,
  activityOf,
  activityProgress,
  buildSharedPlan,
  choosePlan,
  finishMergedPlan,
  namedConditions,
  namedGoals,
  planContent,
  type PlanActivity,
  type PlanContent,
} from '../core/plan';
import { isAgreed } from '../core/workspace/goals';
import { resolve, type MergeResult } from '../core/write/merge';
import { conditionsOf, goalsOf, readyResources, type RecordProps } from '../ui/RecordContext';
import { useRecordDrafts } from '../ui/drafts';
import { formatDate, localDay } from '../ui/format';
import { searchSharedPlan } from '../ui/sharedPlan';
import { useRecordCommit } from '../ui/useCommit';
import { narrativeLabels, patientLanguage, planWords } from '../ui/planWords';
import { MergeReview } from './MergeReview';
import { PlanSummary } from './PlanSummary';
import { newIdentifier } from '../core/write/identity';
import { useDraft, type WriteAbility } from './useWorkspace';

interface PlanDraft {
  /** Undefined until the clinician changes something: the editor then follows the record. */
  content?: PlanContent;
  /** The version the edit started from: the If-Match version and the merge base. */
  base?: CarePlan;
  /** For the create, kept so a retry is the same create. */
  identifier: Identifier;
}

type Status =
  | { kind: 'idle' | 'saving' | 'saved' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; base: CarePlan; theirs: CarePlan; result: MergeResult<CarePlan> };

const goalRef = (g: Goal): Reference => ({
  reference: `Goal/${g.id}`,
  display: conceptText(g.description) ?? '',
});
const conditionRef = (c: Condition): Reference => ({
  reference: `Condition/${c.id}`,
  display: conceptText(c.code) ?? '',
});

/** A new plan starts from what was agreed: the agreed goals and the problems they address. */
function suggested(goals: Goal[], conditions: Condition[]): PlanContent {
  const agreed = goals.filter(isAgreed);
  const wanted = new Set(agreed.flatMap((g) => (g.addresses ?? []).map((r) => r.reference)));
  return {
    goals: agreed.map(goalRef),
    addresses: conditions.filter((c) => wanted.has(`Condition/${c.id}`)).map(conditionRef),
    activities: [],
    summary: '',
  };
}

function toggleRef(list: Reference[], ref: Reference, on: boolean): Reference[] {
  const rest = list.filter((r) => r.reference !== ref.reference);
  return on ? [...rest, ref] : rest;
}

function NewActivity({ onAdd, disabled }: { onAdd: (a: PlanActivity) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  // No decision is preselected: an item added without a choice would be recorded as agreed,
  // whatever the patient said.
  const [kind, setKind] = useState<PlanActivity['kind'] | ''>('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  function add() {
    if (!text.trim()) return setError(t('workspace.plan.activityRequired'));
    if (!kind) return setError(t('workspace.plan.kindRequired'));
    if (kind === 'declined' && !reason.trim()) return setError(t('workspace.plan.reasonRequired'));
    setError(undefined);
    onAdd(
      kind === 'declined' ? { kind, text, reason } : { kind, text, ...(reason.trim() ? { reason } : {}) },
    );
    setText('');
    setKind('');
    setReason('');
  }
  return (
    <fieldset className="new-activity">
      <legend>{t('workspace.plan.addActivity')}</legend>
      <label htmlFor={`${id}-text`}>{t('workspace.plan.activityText')}</label>
      <input id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} />
      <label htmlFor={`${id}-kind`}>{t('workspace.plan.activityKind')}</label>
      <select
        id={`${id}-kind`}
        value={kind}
        onChange={(e) => setKind(e.target.value as PlanActivity['kind'] | '')}
      >
        <option value="">{t('workspace.plan.chooseKind')}</option>
        {(['agreed', 'declined', 'not-to-do'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`workspace.plan.kinds.${k}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-reason`}>
        {t(kind === 'declined' ? 'workspace.plan.reasonDeclined' : 'workspace.plan.reason')}
      </label>
      <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={add} disabled={disabled}>
          {t('workspace.plan.add')}
        </button>
      </div>
    </fieldset>
  );
}

/** The shared care plan: one per patient, built together, updated (never duplicated), printable. */
export function SharedPlan(props: RecordProps & { ability: WriteAbility; clinician: string | undefined }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const drafts = useRecordDrafts(props);
  const commit = useRecordCommit(props);
  const pid = props.session.patientId;
  const state = props.panels.carePlans;
  const choice = choosePlan(readyResources<CarePlan>(props.panels, 'carePlans'), pid);
  const existing = choice.shared;
  const goals = goalsOf(props.panels);
  const conditions = conditionsOf(props.panels);
  const patient = readyResources<Patient>(props.panels, 'patient')[0];
  const today = localDay(props.today);
  const clinician = props.clinician;
  // Goals a decision linked by reference alone, and problems the EHR wrote as bare references, get
  // their names from the record, for the editor and the narrative (the print copy does the same).
  const namedContent = (c: PlanContent): PlanContent => ({
    ...c,
    goals: namedGoals(c.goals, goals),
    addresses: namedConditions(c.addresses, conditions),
  });
  const draft = useDraft<PlanDraft>(drafts, 'plan', () => ({
    identifier: newIdentifier(() => crypto.randomUUID()),
  }));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const d = draft.value;
  const content: PlanContent =
    d.content ??
    (existing
      ? namedContent(planContent(existing, { clinician: clinician ?? '', today }))
      : suggested(goals, conditions));
  const edit = (patch: Partial<PlanContent>) =>
    draft.update({ ...d, content: { ...content, ...patch }, base: d.content ? d.base : existing });
  const canEdit = props.ability.canWrite && clinician !== undefined;

  // The narrative and the print copy are the patient's, so they are in the patient's language.
  const patientLang = patientLanguage(patient);
  const labels = narrativeLabels(i18n, patientLang, { goals, conditions });
  const words = planWords(i18n);
  // As it will be stored (a kept status, or the kind's own), so the tag says what every view will.
  const progressOf = (a: PlanActivity) => activityProgress(activityOf(a));
  const shownText = (a: PlanActivity) => {
    const id = a.source && actionId(a.source);
    return id ? words.action(id) : a.text;
  };

  // One save at a time: a second Enter or click before the first answer is not a second write.
  const inFlight = useRef(false);

  async function send(plan: CarePlan, base: CarePlan | undefined) {
    if (inFlight.current) return;
    inFlight.current = true;
    setStatus({ kind: 'saving' });
    // A first plan may have been created by someone else since the record was read, under their
    // own identifier: the runtime looks for it and, found, shows both for review instead of
    // making a second plan.
    const res = await commit(
      base ? { next: plan, base } : { next: plan, existing: () => searchSharedPlan(props.session) },
      'carePlans',
    ).finally(() => {
      inFlight.current = false;
    });
    if (res.kind === 'saved') {
      draft.clear({ identifier: newIdentifier(() => crypto.randomUUID()) });
      setStatus({ kind: 'saved' });
    } else if (res.kind === 'review') {
      // Kept as it was: Cancel and Save again meets the same newer version and reviews again.
      draft.update({ ...d, content, ...(base ? { base } : {}) });
      setStatus({ kind: 'conflict', base: res.base, theirs: res.theirs, result: res.merge });
    } else if (res.kind === 'failed') setStatus({ kind: 'error', message: res.message });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!clinician) return;
    const base = d.content ? d.base : existing;
    const ctx = { patientId: pid, clinician, today, identifier: d.identifier, labels };
    await send(buildSharedPlan(base, content, ctx), base);
  }

  const agreedGoals = goals.filter(isAgreed).map(goalRef);
  const goalChoices = [
    ...agreedGoals,
    ...content.goals.filter((g) => !agreedGoals.some((a) => a.reference === g.reference)),
  ];
  const activeConditions = problemList(conditions)
    .filter((c) => c.active && c.id)
    .map((row) => conditionRef(conditions.find((c) => c.id === row.id) as Condition));
  const conditionChoices = [
    ...activeConditions,
    ...content.addresses.filter((c) => !activeConditions.some((a) => a.reference === c.reference)),
  ];

  return (
    <section className="panel plan" aria-labelledby="plan-heading" data-testid="shared-plan">
      <h2 id="plan-heading">{t('workspace.plan.title')}</h2>
      <PanelStateNotice state={state} onRetry={props.retry} />
      {existing ? (
        <p className="muted small" data-testid="plan-saved-at">
          {t('workspace.plan.lastSaved', {
            date: formatDate(existing.meta?.lastUpdated ?? existing.created, i18n.language),
          })}
        </p>
      ) : (
        state?.status === 'ready' && <p className="muted small">{t('workspace.plan.none')}</p>
      )}
      {choice.adopting && (
        <p className="notice small" data-testid="plan-adopting">
          {t('workspace.plan.adopting')}
        </p>
      )}
      {draft.restored && d.content && <p className="notice small">{t('workspace.draftRestored')}</p>}
      {state?.status !== 'ready' ? null : status.kind === 'conflict' ? (
        <MergeReview
          base={status.base}
          theirs={status.theirs}
          result={status.result}
          busy={false}
          onCancel={() => setStatus({ kind: 'idle' })}
          onSave={(choices) =>
            void send(finishMergedPlan(resolve(status.result, choices), labels), status.theirs)
          }
        />
      ) : (
        <form onSubmit={submit} aria-labelledby="plan-heading">
          <fieldset>
            <legend>{t('workspace.plan.goals')}</legend>
            {goalChoices.length === 0 && <p className="muted small">{t('workspace.plan.noGoals')}</p>}
            {goalChoices.map((g) => (
              <label className="choice" key={g.reference}>
                <input
                  type="checkbox"
                  checked={content.goals.some((x) => x.reference === g.reference)}
                  onChange={(e) => edit({ goals: toggleRef(content.goals, g, e.target.checked) })}
                />
                {g.display}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('workspace.plan.addresses')}</legend>
            {conditionChoices.map((c) => (
              <label className="choice" key={c.reference}>
                <input
                  type="checkbox"
                  checked={content.addresses.some((x) => x.reference === c.reference)}
                  onChange={(e) => edit({ addresses: toggleRef(content.addresses, c, e.target.checked) })}
                />
                {c.display}
              </label>
            ))}
          </fieldset>
          <h3>{t('workspace.plan.activities')}</h3>
          {content.activities.length === 0 && (
            <p className="muted small">{t('workspace.plan.noActivities')}</p>
          )}
          <ul className="rows" data-testid="plan-activities">
            {content.activities.map((a, i) => {
              const progress = progressOf(a);
              return (
                <li className="row" key={`${i}-${a.text}`}>
                  <span className="row-title" dir="auto">
                    {shownText(a)}
                  </span>
                  <span className="row-meta">
                    <span className={`tag kind-${a.kind}`}>{t(`workspace.plan.kinds.${a.kind}`)}</span>
                    {progress && <span> · {t(`voice.plan.progress.${progress}`)}</span>}
                    {a.reason && (
                      <span>
                        {' '}
                        · {t('workspace.summary.because')}: {a.reason}
                      </span>
                    )}
                  </span>
                  <span>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('workspace.plan.removeActivity', { text: shownText(a) })}
                      onClick={() => edit({ activities: content.activities.filter((_, j) => j !== i) })}
                    >
                      {t('workspace.plan.remove')}
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
          <NewActivity disabled={false} onAdd={(a) => edit({ activities: [...content.activities, a] })} />
          <label htmlFor={`${id}-summary`}>{t('workspace.plan.summary')}</label>
          <p className="muted small" id={`${id}-summary-help`}>
            {t('workspace.plan.summaryHelp')}
          </p>
          <textarea
            id={`${id}-summary`}
            rows={4}
            aria-describedby={`${id}-summary-help`}
            value={content.summary}
            onChange={(e) => edit({ summary: e.target.value })}
          />
          <div className="actions">
            <button type="submit" disabled={!canEdit || status.kind === 'saving'}>
              {t('workspace.plan.save')}
            </button>
            <button type="button" className="secondary" disabled={!existing} onClick={() => window.print()}>
              {t('workspace.plan.print')}
            </button>
          </div>
          <SaveStatus status={status} savedText={t('workspace.plan.saved')} />
        </form>
      )}
      {existing && (
        <div className="print-copy" data-testid="print-copy">
          <PlanSummary
            plan={existing}
            goals={goals}
            conditions={conditions}
            lang={patientLang}
            age={ageOn(patient?.birthDate, props.today)}
            {...(personName(patient) ? { patientName: personName(patient) } : {})}
          />
        </div>
      )}
      {choice.others.length > 0 && (
        <details className="other-plans" data-testid="other-plans">
          <summary>{t('workspace.plan.others')}</summary>
          <ul className="rows">
            {choice.others.map((p) => (
              <li className="row" key={p.id ?? p.title}>
                <span className="row-title" dir="auto">
                  {p.title ?? conceptText(p.category?.[0]) ?? t('workspace.plan.otherUntitled')}
                </span>
                <span className="row-meta">
                  {formatDate(p.meta?.lastUpdated ?? p.period?.start ?? p.created, i18n.language)}
                  {p.author?.display && ` · ${t('workspace.plan.otherBy', { author: p.author.display })}`}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
