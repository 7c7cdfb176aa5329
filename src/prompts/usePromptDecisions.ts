/**
 * Writing a prompt decision into the shared care plan, through the one write runtime. A decision
 * is one keyed activity (`prompt:R1`), so it is an operation: after a 412 it is re-applied to the
 * newer plan, which is a correct merge — nothing anyone else wrote is touched. An accepted relaxed
 * target (R4) is also a Goal, created first and linked from the plan.
 *
 * The decision's identifiers (the Goal's, and the plan's if this decision creates it) are fixed
 * when the clinician makes the decision and kept in a draft until it is fully written, so Retry
 * after a failure — even after a reload — finds what was already saved instead of writing it twice.
 */
import type { CarePlan, Goal, Identifier, Patient, Reference } from 'fhir/r4';
import { useMemo } from 'react';
import { useTranslation } from '../i18n/react';
import {
  addActivity,
  adoptPlan,
  buildSharedPlan,
  findSharedPlan,
  withAidShown,
  type PlanActivity,
} from '../core/plan';
import {
  acceptedAction,
  acceptedActivity,
  acceptedTargetGoal,
  agreedDecisions,
  buildDeclineActivity,
  grammaticalGender,
  overrideReason,
  overrideReasonText,
  type OverrideReasonCode,
  type Prompt,
} from '../core/prompts';
import { describeEvidence, evidenceLookup, type CodeNames } from '../core/prompts/evidence';
import { newIdentifier } from '../core/write/identity';
import type { CommitResult } from '../core/write/runtime';
import { useRecordDrafts } from '../ui/drafts';
import { localDay } from '../ui/format';
import { conditionsOf, goalsOf, readyResources, type RecordProps } from '../ui/RecordContext';
import { searchSharedPlan } from '../ui/sharedPlan';
import { narrativeLabels, patientLanguage } from '../ui/planWords';
import { useRecordCommit } from '../ui/useCommit';
import type { PromptDecisions } from './PromptCards';

/** What a decision will write, fixed once. */
interface DecisionIntent {
  goal: Identifier;
  plan: Identifier;
}

export function usePromptDecisions(
  props: RecordProps,
  clinician: string | undefined,
  canWrite: boolean,
): PromptDecisions {
  const { t, i18n } = useTranslation();
  const commit = useRecordCommit(props);
  const drafts = useRecordDrafts(props);
  const { session, panels, today } = props;
  // The narrative names the plan's goals and problems from the record, as the editor's does.
  const record = { goals: goalsOf(panels), conditions: conditionsOf(panels) };
  // What a decision writes into the plan — its words and the narrative — is in the patient's
  // language, like everything else in their plan, whoever is signed in.
  const patient = readyResources<Patient>(panels, 'patient')[0];
  const lang = patientLanguage(patient);
  const gender = grammaticalGender(patient?.gender);
  const pid = session.patientId;
  const plans = readyResources<CarePlan>(panels, 'carePlans');
  const shared = findSharedPlan(plans, pid);
  const agreed = useMemo(() => agreedDecisions(shared ? [shared] : []), [shared]);
  // One index of the record for all the evidence lines, built on first use: building it per line
  // cost half a second on a record of 20,000 Observations.
  const find = useMemo(() => {
    let lookup: ReturnType<typeof evidenceLookup> | undefined;
    return (reference: string) =>
      (lookup ??= evidenceLookup(
        Object.values(panels).flatMap((p) => (p?.status === 'ready' ? p.resources : [])),
      ))(reference);
  }, [panels]);

  function intentFor(prompt: Prompt): { key: string; intent: DecisionIntent } {
    const key = `prompt.decision.${prompt.rule}`;
    const kept = drafts.load<DecisionIntent>(key);
    const intent = kept ?? {
      goal: newIdentifier(() => crypto.randomUUID()),
      plan: newIdentifier(() => crypto.randomUUID()),
    };
    if (!kept) drafts.save(key, intent);
    return { key, intent };
  }

  function failure(res: CommitResult<Goal> | CommitResult<CarePlan>): Error {
    if (res.kind === 'failed') return new Error(res.message);
    if (res.kind === 'expired') return new Error(t('problem.session-expired.title'));
    return new Error(t('workspace.save.failed'));
  }

  async function applyToPlan(activity: PlanActivity, identifier: Identifier): Promise<void> {
    const labels = narrativeLabels(i18n, lang, record);
    await changePlan((plan) => addActivity(plan, activity, labels), identifier);
  }

  /** One change to the shared plan (adopted first if another system wrote it), through the runtime. */
  async function changePlan(change: (plan: CarePlan) => CarePlan, identifier: Identifier): Promise<void> {
    if (!clinician) throw new Error(t('workspace.readOnly.identity'));
    const ctx = { patientId: pid, clinician, today: localDay(today), identifier };
    const labels = narrativeLabels(i18n, lang, record);
    const apply = (plan: CarePlan) => change(adoptPlan(plan, ctx));
    // Someone may have created the plan since the record was read: reuse it, never make a second.
    const current =
      findSharedPlan(readyResources<CarePlan>(props.panels, 'carePlans'), pid) ??
      (await searchSharedPlan(session));
    const res = await commit<CarePlan>(
      current
        ? { next: apply(current), base: current, rebase: apply }
        : {
            next: apply(
              buildSharedPlan(
                undefined,
                { goals: [], addresses: [], activities: [], summary: '' },
                { ...ctx, labels },
              ),
            ),
            rebase: apply,
          },
      'carePlans',
    );
    if (res.kind !== 'saved') throw failure(res);
  }

  return {
    patientId: pid,
    canWrite: canWrite && clinician !== undefined,
    agreed,
    async accept(prompt: Prompt) {
      const { key, intent } = intentFor(prompt);
      const date = localDay(today);
      const action = acceptedAction(prompt, lang);
      const goals: Reference[] = [];
      const goal = acceptedTargetGoal(prompt, {
        patientId: pid,
        date,
        identifier: intent.goal,
        agreedBy: [`Patient/${pid}`, ...(clinician ? [clinician] : [])],
      });
      if (goal) {
        const res = await commit<Goal>({ next: goal }, 'goals');
        if (res.kind !== 'saved') throw failure(res);
        // Named, so the narrative written into the record says which goal without a lookup.
        goals.push({
          reference: `Goal/${res.resource.id ?? ''}`,
          display: res.resource.description.text ?? '',
        });
      }
      const source = acceptedActivity(prompt, date, lang);
      await applyToPlan(
        action.doNotPerform
          ? { kind: 'not-to-do', text: action.label, key: `prompt:${prompt.rule}`, source }
          : { kind: 'agreed', text: action.label, key: `prompt:${prompt.rule}`, source, goals },
        intent.plan,
      );
      drafts.clear(key);
    },
    async decline(prompt: Prompt, reason: OverrideReasonCode, note: string) {
      const { key, intent } = intentFor(prompt);
      const words = [overrideReasonText(reason, lang, gender), note.trim()].filter(Boolean).join(' — ');
      const source = buildDeclineActivity({
        rule: prompt.rule,
        date: localDay(today),
        reason: words,
        reasonCode: overrideReason(reason),
        description: acceptedAction(prompt, lang).label,
      });
      await applyToPlan(
        {
          kind: 'declined',
          text: acceptedAction(prompt, lang).label,
          reason: words,
          key: `prompt:${prompt.rule}`,
          source,
        },
        intent.plan,
      );
      drafts.clear(key);
    },
    async aidShown(aids) {
      // Fixed once, like a decision's, so a retry after a failed create finds the plan it made.
      const key = 'prompt.aid.plan';
      const plan = drafts.load<Identifier>(key) ?? newIdentifier(() => crypto.randomUUID());
      drafts.save(key, plan);
      const labels = narrativeLabels(i18n, lang, record);
      const words = { shown: (title: string) => i18n.getFixedT(lang)('prompts.aids.shownNote', { title }) };
      const date = localDay(today);
      await changePlan(
        (p) =>
          aids.reduce(
            (acc, a) => withAidShown(acc, { id: a.id, title: a.title[lang], date }, words, labels),
            p,
          ),
        plan,
      );
      drafts.clear(key);
    },
    describe(reference: string, codes?: CodeNames) {
      return describeEvidence(reference, find, { today: localDay(today), codes });
    },
  };
}
