/**
 * One e-visit opened from the queue, in that patient's record (read with the queue's user-level
 * scopes): the answers as a summary (red flags first), what matters to the patient, the history a
 * reply needs, and the reply — diagnosis, plan, the message in the patient's language, minutes —
 * sent through the one write runtime. Every resource the reply writes carries an identifier minted
 * once and kept in the draft, so a retried send writes nothing twice.
 */
import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  Goal,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Practitioner,
  QuestionnaireResponse,
  Reference,
  Task,
} from 'fhir/r4';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';
import { EVISIT_QUESTIONNAIRES, localText } from '../../core/evisit';
import type { QueueEntry } from '../../core/evisit/queue';
import {
  buildDiagnosis,
  buildEvisitEncounter,
  buildProposal,
  buildReply,
  claimTask,
  type CodedChoice,
  completeTask,
  DIAGNOSES,
  evisitCpt,
  holderOf,
  IMAGING,
  type PlanKind,
  type ReplyIds,
  type ReplyInput,
} from '../../core/evisit/reply';
import { relevantHistory, summarizeEvisit } from '../../core/evisit/summary';
import { personName } from '../../core/record/display';
import type { PanelId } from '../../core/record/panels';
import type { PanelState } from '../../core/record/read';
import { canReplyToEvisit } from '../../core/smart/scopes';
import { readPriorities } from '../../core/voice/priorities';
import { newIdentifier } from '../../core/write/identity';
import type { CommitResult } from '../../core/write/runtime';
import type { Session } from '../../platform/session';
import { useRecordDrafts } from '../../ui/drafts';
import { PanelStateNotice } from '../../ui/Panel';
import { PatientBanner } from '../../ui/PatientBanner';
import { readyResources, type RecordProps } from '../../ui/RecordContext';
import { useRecordCommit } from '../../ui/useCommit';
import { usePatientGender } from '../../ui/usePatientGender';
import { useRecord } from '../../ui/useRecord';
import { chunk, Chunked } from '../../ui/Chunk';
import type { OrderStewardshipProps, StewardshipState } from './OrderStewardship';
import { clinicianLanguage, dayTime, replyLanguage } from './words';

// The stewardship check carries the rule engine and its code sets: loaded only when an order is chosen.
const OrderStewardship = chunk<OrderStewardshipProps>(() => import('./OrderStewardship'));

const W = 'workspace.evisitQueue.review';

/** What is kept on the device while the clinician writes, so a reload or a retry sends the same reply. */
interface ReplyDraft {
  ids: ReplyIds;
  /** When Send was first pressed: every retry writes the same times. */
  now?: string;
  message?: string;
  edited?: boolean;
  /**
   * The clinician's choices, kept with the message they shaped: a reload must not put back a plan
   * the message no longer describes. None is made for them (a diagnosis, a plan or minutes nobody
   * chose would be written to the record and billed as if they had).
   */
  diagnosis?: string;
  plan?: PlanKind;
  study?: string;
  minutes?: string;
}

type Phase =
  | { name: 'editing' }
  | { name: 'sending'; step: number; total: number }
  /** `whole`: the message is the whole story (the e-visit was taken or closed), not a send to retry. */
  | { name: 'failed'; message: string; whole?: boolean };

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="evr-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      {children}
    </section>
  );
}

function List({ items, empty }: { items: string[]; empty: string }) {
  return items.length ? (
    <ul className="evr-list">
      {items.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  ) : (
    <p className="muted">{empty}</p>
  );
}

/** A panel's notice while it is not ready (loading, not shared, failed); nothing once it is. */
function Pending({ state, retry }: { state: PanelState | undefined; retry: () => void }) {
  return state?.status === 'ready' ? null : <PanelStateNotice state={state} onRetry={retry} />;
}

function plansFor(kind: QueueEntry['kind']): PlanKind[] {
  return ['self-care', 'book-visit', kind === 'uri' ? 'antibiotic' : 'imaging'];
}

const isOrder = (p: PlanKind | undefined) => p === 'antibiotic' || p === 'imaging';

/**
 * The signed-in reviewer's name, read from their Practitioner: the patient sees who answered. A
 * PractitionerRole, a refused scope or a failed read leaves the reply signed by reference only.
 */
function useSignerName(session: Session): string | undefined {
  const [name, setName] = useState<string>();
  const user = session.fhirUser;
  useEffect(() => {
    if (!user?.startsWith('Practitioner/') || !session.access.can('Practitioner', 'read')) return;
    let live = true;
    session.fhir.get(user).then(
      (p) => live && setName(personName(p as Practitioner)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [session, user]);
  return name;
}

export function EvisitReview({
  session,
  entry,
  today,
  onBack,
  onSent,
  onExpired,
}: {
  session: Session;
  entry: QueueEntry;
  today: Date;
  onBack: () => void;
  onSent: (patientName: string) => void;
  onExpired: () => void;
}) {
  const { t, i18n } = useTranslation();
  // The reply records the code system's own (English) display; the clinician reads the choice in
  // the screen's language. Keys are the codes with '.' (i18next's separator) as '_'.
  const codeName = (c: CodedChoice) =>
    t(`${W}.codes.${c.code.replace(/\./g, '_')}`, { defaultValue: c.display });
  const { panels, expired, retry, replace, expire } = useRecord(session);
  const props: RecordProps = { session, panels, today, retry, replace, expire };
  const commit = useRecordCommit(props);
  const drafts = useRecordDrafts(props);
  const lang = clinicianLanguage(i18n.language);
  const { kind } = entry;
  // The Task as last read: the queue's copy, then whatever a refused write showed it to be now.
  const [task, setTask] = useState<Task & { id: string }>(entry.task);
  const q = EVISIT_QUESTIONNAIRES[kind];
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);

  const patient = readyResources<Patient>(panels, 'patient')[0] ?? entry.patient;
  usePatientGender(patient);
  const who =
    personName(patient) ?? entry.name ?? t('workspace.evisitQueue.queue.unnamed', { id: entry.patientId });
  const patientLang = replyLanguage(patient);

  // The answers: as the queue read them, else from the record (a queue that could not read them).
  const response =
    entry.response ??
    readyResources<QuestionnaireResponse>(panels, 'questionnaireResponses').find(
      (r) => `QuestionnaireResponse/${r.id ?? ''}` === task.focus?.reference,
    );
  const summary = useMemo(
    () => (response ? summarizeEvisit(response, lang, today.toISOString()) : undefined),
    [response, lang, today],
  );

  const goals = readyResources<Goal>(panels, 'goals');
  const observations = readyResources<Observation>(panels, 'observations');
  const priorities = useMemo(
    () => readPriorities(goals, entry.patientId, observations),
    [goals, entry.patientId, observations],
  );
  const history = relevantHistory({
    conditions: readyResources<Condition>(panels, 'conditions'),
    medicationRequests: readyResources<MedicationRequest>(panels, 'medicationRequests'),
    medicationStatements: readyResources<MedicationStatement>(panels, 'medicationStatements'),
    allergies: readyResources<AllergyIntolerance>(panels, 'allergies'),
  });

  // The reply.
  const draftKey = `evisit.reply.${task.id}`;
  const [draft, setDraft] = useState<ReplyDraft>(() => {
    const kept = drafts.load<ReplyDraft>(draftKey);
    if (kept?.ids) return kept;
    const mint = () => newIdentifier(() => crypto.randomUUID());
    return { ids: { encounter: mint(), condition: mint(), order: mint(), communication: mint() } };
  });
  const keep = useCallback(
    (next: ReplyDraft) => {
      setDraft(next);
      drafts.save(draftKey, next);
    },
    [drafts, draftKey],
  );
  const plan = draft.plan;
  const minutes = draft.minutes ?? '';
  const diagnoses = DIAGNOSES[kind];
  // The only code for this kind of e-visit is no choice to make; among several, none is preselected.
  const choice = diagnoses.length === 1 ? diagnoses[0] : diagnoses.find((d) => d.code === draft.diagnosis);
  const study = IMAGING.find((s) => s.code === draft.study);
  // Until the check has run on the order as it now stands, an order may not be sent.
  const [stewardship, setStewardship] = useState<StewardshipState>(() =>
    isOrder(draft.plan) ? { kind: 'pending' } : { kind: 'none' },
  );
  const [phase, setPhase] = useState<Phase>({ name: 'editing' });
  // The Task as this reply took it (in progress), so a retry continues from that version.
  const [claimed, setClaimed] = useState<Task>();
  // Another reviewer holds the e-visit: this one answers instead only when they say so.
  const [takeOver, setTakeOver] = useState(false);
  const [forPatient, setForPatient] = useState<((key: string) => string) | undefined>();
  // The time the reply is dated: fixed while the screen is open (the stewardship check reads the
  // proposed order, which must not change on every render), and kept in the draft once sent.
  const [openedAt] = useState(() => new Date().toISOString());
  const now = draft.now ?? openedAt;

  // The message is prefilled in the patient's language, whichever language the clinician reads.
  useEffect(() => {
    let live = true;
    void i18n.loadLanguages(patientLang).then(() => {
      if (live) setForPatient(() => i18n.getFixedT(patientLang));
    });
    return () => {
      live = false;
    };
  }, [i18n, patientLang]);
  const template = useCallback(
    (p: PlanKind) => (forPatient ? forPatient(`evisit.reply.${kind}.${p}`) : ''),
    [forPatient, kind],
  );
  // Advice taken: the clinician drops the order, so none is written and the advice is self-care.
  const effectivePlan: PlanKind | undefined =
    isOrder(plan) && stewardship.kind === 'accepted' ? 'self-care' : plan;
  const message = draft.edited ? (draft.message ?? '') : effectivePlan ? template(effectivePlan) : '';

  /** A changed plan, diagnosis or study changes the order the check reads: it runs again first. */
  const choose = (next: Pick<ReplyDraft, 'plan' | 'diagnosis' | 'study'>) => {
    const merged = { ...draft, ...next };
    keep(merged);
    setStewardship(isOrder(merged.plan) ? { kind: 'pending' } : { kind: 'none' });
  };

  const signer = useSignerName(session);
  const practitioner: Reference | undefined =
    session.fhirUser && /^Practitioner(Role)?\//.test(session.fhirUser)
      ? { reference: session.fhirUser, ...(signer ? { display: signer } : {}) }
      : undefined;
  const minutesNumber = /^\d{1,3}$/.test(minutes.trim()) ? Number(minutes.trim()) : undefined;
  const cpt = minutesNumber === undefined ? undefined : evisitCpt(minutesNumber);
  const input: ReplyInput | undefined = practitioner &&
    choice &&
    effectivePlan &&
    (plan !== 'imaging' || study) && {
      kind,
      task,
      patientId: entry.patientId,
      practitioner,
      diagnosis: choice,
      plan: effectivePlan,
      ...(plan === 'imaging' && study ? { imaging: study } : {}),
      minutes: minutesNumber ?? 0,
      message,
      language: patientLang,
      ids: draft.ids,
      now,
    };

  // What the stewardship check reads: the same order and diagnosis the reply would write.
  const proposal = useMemo(
    () =>
      input && plan && isOrder(plan)
        ? buildProposal({ ...input, plan }, { reference: 'Encounter/proposed-evisit-encounter' })
        : undefined,
    // The order depends on these only; `input` is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      plan,
      study?.code,
      choice?.code,
      kind,
      entry.patientId,
      practitioner?.reference,
      draft.ids.order.value,
      now,
    ],
  );
  const diagnosisResource = useMemo(
    () => (input ? buildDiagnosis(input, { reference: 'Encounter/proposed-evisit-encounter' }) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [!input, choice?.code, entry.patientId, practitioner?.reference, now],
  );

  const canWrite = canReplyToEvisit(session.access);
  const holder = holderOf(claimed ?? task, practitioner);
  const holderName = (h: typeof holder) => ('by' in h && h.by?.display) || t(`${W}.someoneElse`);
  const blocked =
    (isOrder(plan) && (stewardship.kind === 'pending' || !proposal)) ||
    (holder.kind === 'other' && !takeOver);
  // What the clinician still has to choose before the reply can go, said rather than only greyed out.
  const missing = [
    ...(choice ? [] : [t(`${W}.needDiagnosis`)]),
    ...(plan ? [] : [t(`${W}.needPlan`)]),
    ...(plan === 'imaging' && !study ? [t(`${W}.needStudy`)] : []),
    ...(minutesNumber === undefined ? [t(`${W}.needMinutes`)] : []),
  ];
  const problem = !canWrite
    ? t(`${W}.readOnly`)
    : !practitioner
      ? t(`${W}.noClinician`)
      : holder.kind === 'closed'
        ? t(holder.status === 'completed' ? `${W}.answered` : `${W}.closed`, { name: holderName(holder) })
        : undefined;

  async function send() {
    if (!input || phase.name === 'sending') return;
    if (!message.trim() || minutesNumber === undefined) return;
    const sentAt = draft.now ?? new Date().toISOString();
    const at: ReplyInput = { ...input, now: sentAt };
    keep({ ...draft, now: sentAt, message, edited: true });
    const order = buildProposal(at, { reference: 'Encounter/x' });
    // Taken first, with If-Match: a second clinician sending the same e-visit meets a 412 here,
    // before anything of theirs is written. A reload after taking it continues from that version.
    const claim = claimed ?? (holderOf(task, at.practitioner).kind === 'mine' ? task : undefined);
    const total = (order ? 5 : 4) + (claim ? 0 : 1);
    let step = 0;
    let written = false;
    const fail = (r: CommitResult<FhirResource>) => {
      if (r.kind === 'review' && r.theirs.resourceType === 'Task') {
        // The e-visit as it is now: who took or answered it is shown, and taking it over is asked again.
        const now = r.theirs as Task;
        setTask({ ...now, id: task.id });
        setClaimed(undefined);
        setTakeOver(false);
        const h = holderOf(now, at.practitioner);
        // Refused at the claim, nothing of the reply is written; refused at the close, the rest is.
        const when = written ? 'WhileSending' : 'Meanwhile';
        const why =
          h.kind === 'other'
            ? t(`${W}.taken${when}`, { name: holderName(h) })
            : h.kind === 'closed'
              ? t(`${W}.closed${when}`, { name: holderName(h) })
              : t(`${W}.changed`);
        return setPhase({ name: 'failed', message: why, whole: true });
      }
      const why =
        r.kind === 'failed' ? r.message : r.kind === 'review' ? t(`${W}.changed`) : t(`${W}.expired`);
      setPhase({ name: 'failed', message: why });
    };
    const save = async <T extends FhirResource>(next: T, panel: PanelId, base?: T) => {
      setPhase({ name: 'sending', step: ++step, total });
      return commit<T>(base ? { next, base } : { next }, panel);
    };
    let current: Task = claim ?? task;
    if (!claim) {
      const taken = await save<Task>(claimTask(task, at.practitioner, sentAt), 'tasks', task);
      if (taken.kind !== 'saved') return fail(taken);
      current = taken.resource;
      setClaimed(current);
    }
    written = true;
    const enc = await save(buildEvisitEncounter(at), 'encounters');
    if (enc.kind !== 'saved') return fail(enc);
    const encRef = { reference: `Encounter/${enc.resource.id ?? ''}` };
    const dx = await save(buildDiagnosis(at, encRef), 'conditions');
    if (dx.kind !== 'saved') return fail(dx);
    const proposed = buildProposal(at, encRef);
    if (proposed) {
      const r = await save(
        proposed,
        proposed.resourceType === 'MedicationRequest' ? 'medicationRequests' : 'serviceRequests',
      );
      if (r.kind !== 'saved') return fail(r);
    }
    const comm = await save(buildReply(at, encRef), 'communications');
    if (comm.kind !== 'saved') return fail(comm);
    const done = await save(
      completeTask(current, at, {
        communication: { reference: `Communication/${comm.resource.id ?? ''}` },
        encounter: encRef,
      }),
      'tasks',
      current,
    );
    if (done.kind !== 'saved') return fail(done);
    drafts.clear(draftKey);
    onSent(who);
  }

  const sending = phase.name === 'sending';
  const title = localText(q.title, q._title, i18n.language);
  return (
    <article className="evr" data-testid="evisit-review" aria-labelledby="evr-title">
      <p>
        <button type="button" className="secondary" onClick={onBack} disabled={sending}>
          ← {t(`${W}.back`)}
        </button>
      </p>
      <h2 id="evr-title" ref={heading} tabIndex={-1}>
        {t(`${W}.heading`, { title })}
      </h2>
      <PatientBanner state={panels.patient} today={today} />
      <p className="muted small">
        {t(`${W}.sentOn`, { date: dayTime(task.authoredOn, i18n.language) })}
        {entry.replyBy && ` ${t(`${W}.dueBy`, { date: dayTime(entry.replyBy, i18n.language) })}`}
      </p>

      <div className="evr-columns">
        <div>
          <Section id="evr-answers" title={t(`${W}.answers`)}>
            {!summary ? (
              <>
                <Pending state={panels.questionnaireResponses} retry={retry} />
                {panels.questionnaireResponses?.status === 'ready' && (
                  <p className="notice">{t(`${W}.noAnswers`)}</p>
                )}
              </>
            ) : (
              <div data-testid="evisit-summary">
                {summary.flags.length > 0 ? (
                  <ul className="evr-flags" aria-label={t(`${W}.flags`)}>
                    {summary.flags.map((f) => (
                      <li key={f.linkIds.join()} className={`evq-route-${f.level ?? 'async-ok'}`}>
                        {f.text}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="evr-noflag">{t(`${W}.noFlags`)}</p>
                )}
                {summary.story.map((l) => (
                  <p key={l.linkIds.join()} className="evr-sentence">
                    {l.text}
                  </p>
                ))}
                {summary.negatives && <p className="evr-sentence muted">{summary.negatives.text}</p>}
              </div>
            )}
          </Section>
          <Section id="evr-matters" title={t(`${W}.priorities`)}>
            <Pending state={panels.goals} retry={retry} />
            {panels.goals?.status === 'ready' &&
              (priorities.all.length === 0 ? (
                <p className="muted">{t(`${W}.noPriorities`)}</p>
              ) : (
                // Grouped as the workspace groups them: "Taking more pills" alone would read as a
                // wish, when the patient said that care is hard for them.
                (
                  [
                    ['oneThing', priorities.oneThing ? [priorities.oneThing] : []],
                    ['others', priorities.others],
                    ['helpful', priorities.helpful],
                    ['burdensome', priorities.burdensome],
                    ['care', priorities.care],
                  ] as const
                )
                  .filter(([, items]) => items.length > 0)
                  .map(([group, items]) => (
                    <div key={group} data-testid={`evr-matters-${group}`}>
                      <h4>{t(`workspace.matters.${group}`)}</h4>
                      <List
                        items={items.map((p) =>
                          // A family member's words are theirs, not the patient's.
                          p.byRelatedPerson
                            ? `${p.text} (${t('workspace.matters.source.relatedPerson')})`
                            : p.text,
                        )}
                        empty=""
                      />
                    </div>
                  ))
              ))}
          </Section>
          <Section id="evr-history" title={t(`${W}.history`)}>
            <h4>{t(`${W}.problems`)}</h4>
            <Pending state={panels.conditions} retry={retry} />
            {panels.conditions?.status === 'ready' && (
              <List items={history.problems} empty={t(`${W}.none`)} />
            )}
            <h4>{t(`${W}.medicines`)}</h4>
            <Pending state={panels.medicationRequests} retry={retry} />
            {panels.medicationRequests?.status === 'ready' && (
              <List items={history.medicines} empty={t(`${W}.none`)} />
            )}
            <h4>{t(`${W}.allergies`)}</h4>
            <Pending state={panels.allergies} retry={retry} />
            {panels.allergies?.status === 'ready' && (
              <List items={history.allergies} empty={t(`${W}.noAllergies`)} />
            )}
          </Section>
        </div>

        <Section id="evr-reply" title={t(`${W}.reply`)}>
          {problem && (
            <p className="notice" role="note">
              {problem}
            </p>
          )}
          {!problem && holder.kind === 'other' && (
            <div className="notice" role="note" data-testid="evisit-held">
              <p>
                {t(`${W}.heldBy`, { name: holderName(holder) })}
                {holder.since && ` ${t(`${W}.heldSince`, { date: dayTime(holder.since, i18n.language) })}`}
              </p>
              {takeOver ? (
                <p>
                  {holder.by?.display
                    ? t(`${W}.takingOver`, { name: holder.by.display })
                    : t(`${W}.takingOverUnnamed`)}
                </p>
              ) : (
                <button type="button" className="secondary" onClick={() => setTakeOver(true)}>
                  {holder.by?.display
                    ? t(`${W}.takeOver`, { name: holder.by.display })
                    : t(`${W}.takeOverUnnamed`)}
                </button>
              )}
            </div>
          )}
          {/* Not a <form>: the stewardship card in it has its own decline form, which may not nest. */}
          <div className="evr-form">
            <label className="field-label" htmlFor="evr-dx">
              {t(`${W}.diagnosis`)}
            </label>
            <select
              id="evr-dx"
              value={choice?.code ?? ''}
              onChange={(e) => choose({ diagnosis: e.target.value })}
            >
              {!choice && (
                <option value="" disabled>
                  {t(`${W}.chooseDiagnosis`)}
                </option>
              )}
              {diagnoses.map((d) => (
                <option key={d.code} value={d.code}>
                  {codeName(d)} ({d.code})
                </option>
              ))}
            </select>
            <fieldset>
              <legend className="field-label">{t(`${W}.plan`)}</legend>
              {plansFor(kind).map((p) => (
                <label key={p} className="evisit-option">
                  <input
                    type="radio"
                    name="evr-plan"
                    checked={plan === p}
                    onChange={() => choose({ plan: p })}
                  />{' '}
                  {t(`${W}.plans.${p}`)}
                </label>
              ))}
            </fieldset>
            {plan === 'imaging' && (
              <>
                <label className="field-label" htmlFor="evr-study">
                  {t(`${W}.study`)}
                </label>
                <select
                  id="evr-study"
                  value={study?.code ?? ''}
                  onChange={(e) => choose({ study: e.target.value })}
                >
                  {!study && (
                    <option value="" disabled>
                      {t(`${W}.chooseStudy`)}
                    </option>
                  )}
                  {IMAGING.map((s) => (
                    <option key={s.code} value={s.code}>
                      {codeName(s)} (CPT {s.code})
                    </option>
                  ))}
                </select>
              </>
            )}
            {/* Stewardship slot (task B's OrderStewardship): the R7 / R6 prompt on the intended order. */}
            {isOrder(plan) && !proposal && (
              <p className="small" data-testid="evisit-stewardship">
                {t(
                  !choice && plan === 'imaging' && !study
                    ? `${W}.checkNeedsBoth`
                    : !choice
                      ? `${W}.checkNeedsDiagnosis`
                      : `${W}.checkNeedsStudy`,
                )}
              </p>
            )}
            {isOrder(plan) && proposal && (
              <div className="evr-stewardship" data-testid="evisit-stewardship">
                <Chunked
                  of={OrderStewardship}
                  props={{
                    record: props,
                    proposal,
                    ...(diagnosisResource ? { diagnosis: diagnosisResource } : {}),
                    onStateChange: setStewardship,
                  }}
                  fallback={
                    <p className="muted" role="status">
                      {t(`${W}.checking`)}
                    </p>
                  }
                  failed={t('app.partFailed')}
                />
                {stewardship.kind === 'pending' && <p className="small">{t(`${W}.decideFirst`)}</p>}
                {stewardship.kind === 'accepted' && (
                  <p className="success small" role="status">
                    {t(`${W}.accepted`)}
                  </p>
                )}
                {stewardship.kind === 'declined' && (
                  <p className="small" role="status">
                    {t(`${W}.declined`)}
                  </p>
                )}
              </div>
            )}
            <label className="field-label" htmlFor="evr-message">
              {t(`${W}.message`, { language: t(`${W}.languages.${patientLang}`) })}
            </label>
            <textarea
              id="evr-message"
              rows={9}
              lang={patientLang}
              value={message}
              placeholder={plan ? undefined : t(`${W}.messageAfterPlan`)}
              aria-describedby="evr-message-help"
              onChange={(e) => keep({ ...draft, message: e.target.value, edited: true })}
            />
            <p id="evr-message-help" className="muted small">
              {t(`${W}.messageHelp`)}{' '}
              {draft.edited && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => keep({ ...draft, message: undefined, edited: false })}
                >
                  {t(`${W}.resetMessage`)}
                </button>
              )}
            </p>
            <label className="field-label" htmlFor="evr-minutes">
              {t(`${W}.minutes`)}
            </label>
            <input
              id="evr-minutes"
              type="text"
              inputMode="numeric"
              value={minutes}
              aria-describedby="evr-cpt"
              aria-invalid={(minutes.trim() !== '' && minutesNumber === undefined) || undefined}
              onChange={(e) => keep({ ...draft, minutes: e.target.value })}
            />
            <p id="evr-cpt" className="small" aria-live="polite">
              {minutes.trim() === ''
                ? t(`${W}.minutesHelp`)
                : minutesNumber === undefined
                  ? t(`${W}.minutesInvalid`)
                  : cpt
                    ? t(`${W}.cpt`, { code: cpt.code, display: codeName(cpt) })
                    : t(`${W}.noCpt`)}
            </p>
            {phase.name === 'failed' && (
              <p className="error" role="alert">
                {phase.whole ? phase.message : t(`${W}.failed`, { message: phase.message })}
              </p>
            )}
            {sending && (
              <p role="status" className="muted">
                {t(`${W}.sending`, { step: phase.step, total: phase.total })}
              </p>
            )}
            {!sending && !problem && missing.length > 0 && (
              <p id="evr-missing" className="small">
                {missing.join(' ')}
              </p>
            )}
            <div className="actions">
              <button
                type="button"
                aria-describedby={missing.length > 0 ? 'evr-missing' : undefined}
                onClick={() => void send()}
                disabled={
                  sending ||
                  !!problem ||
                  blocked ||
                  !input ||
                  !message.trim() ||
                  minutesNumber === undefined ||
                  !forPatient
                }
              >
                {phase.name === 'failed' && !phase.whole ? t(`${W}.retry`) : t(`${W}.send`)}
              </button>
            </div>
          </div>
        </Section>
      </div>
    </article>
  );
}
