/**
 * Writing a prompt decision into the shared care plan. A decision is one keyed activity
 * (`prompt:R1`), so writing it again replaces it and re-applying it to a newer version of the plan
 * after a 412 is a correct merge: nothing anyone else wrote is touched. An accepted relaxed target
 * (R4) is also a Goal, created first and linked from the activity.
 */
import type { CarePlan, Goal } from 'fhir/r4';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  acceptedAction,
  acceptedActivity,
  acceptedTargetGoal,
  agreedDecisions,
  buildDeclineActivity,
  overrideReason,
  type OverrideReasonCode,
  type Prompt,
} from '../core/prompts';
import { conceptText } from '../core/record/display';
import { addActivity, buildSharedPlan, findSharedPlan, type PlanActivity } from '../core/workspace/carePlan';
import { newIdentifier } from '../core/write/identity';
import { readyResources, type RecordProps } from '../ui/RecordContext';
import { searchSharedPlan, todayIso, useWriter } from '../workspace/useWorkspace';
import type { PromptDecisions } from './PromptCards';

const ATTEMPTS = 3;

export function usePromptDecisions(
  props: RecordProps,
  clinician: string | undefined,
  canWrite: boolean,
): PromptDecisions {
  const { t } = useTranslation();
  const write = useWriter(props);
  const { session, panels, today } = props;
  const pid = session.patientId;
  const plans = readyResources<CarePlan>(panels, 'carePlans');
  const shared = findSharedPlan(plans, pid);
  const agreed = useMemo(() => agreedDecisions(shared ? [shared] : []), [shared]);

  /** The shared plan as the server has it now: re-searched, so a plan made meanwhile is reused. */
  async function currentPlan(): Promise<CarePlan | undefined> {
    const known = findSharedPlan(readyResources<CarePlan>(props.panels, 'carePlans'), pid);
    if (known) return known;
    return searchSharedPlan(session);
  }

  async function applyToPlan(activity: PlanActivity): Promise<void> {
    if (!clinician) throw new Error(t('workspace.readOnly.identity'));
    const date = todayIso(today);
    let plan = await currentPlan();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const base =
        plan ??
        buildSharedPlan(
          undefined,
          { goals: [], addresses: [], activities: [], summary: '' },
          {
            patientId: pid,
            clinician,
            today: date,
            identifier: newIdentifier(() => crypto.randomUUID()),
          },
        );
      const res = await write(addActivity(base, activity), 'carePlans');
      if (res.kind === 'saved') return;
      if (res.kind === 'conflict') {
        plan = res.theirs;
        continue;
      }
      if (res.kind === 'expired') throw new Error(t('problem.session-expired.title'));
      throw new Error(res.message);
    }
    throw new Error(t('workspace.save.failed'));
  }

  return {
    patientId: pid,
    canWrite: canWrite && clinician !== undefined,
    agreed,
    async accept(prompt: Prompt) {
      const date = todayIso(today);
      const action = acceptedAction(prompt);
      const goals: string[] = [];
      const goal = acceptedTargetGoal(prompt, {
        patientId: pid,
        date,
        identifier: newIdentifier(() => crypto.randomUUID()),
        agreedBy: [`Patient/${pid}`, ...(clinician ? [clinician] : [])],
      });
      if (goal) {
        const res = await write<Goal>(goal, 'goals');
        if (res.kind !== 'saved')
          throw new Error(res.kind === 'failed' ? res.message : t('workspace.save.failed'));
        goals.push(`Goal/${res.resource.id ?? ''}`);
      }
      const source = acceptedActivity(prompt, date);
      await applyToPlan(
        action.doNotPerform
          ? { kind: 'not-to-do', text: action.label, key: `prompt:${prompt.rule}`, source }
          : { kind: 'agreed', text: action.label, key: `prompt:${prompt.rule}`, source, goals },
      );
    },
    async decline(prompt: Prompt, reason: OverrideReasonCode, note: string) {
      const words = [t(`prompts.reason.${reason}`), note.trim()].filter(Boolean).join(' — ');
      const source = buildDeclineActivity({
        rule: prompt.rule,
        date: todayIso(today),
        reason: words,
        reasonCode: overrideReason(reason),
        description: acceptedAction(prompt).label,
      });
      await applyToPlan({
        kind: 'declined',
        text: acceptedAction(prompt).label,
        reason: words,
        key: `prompt:${prompt.rule}`,
        source,
      });
    },
    describe(reference: string) {
      const [type, id] = reference.split('/');
      const state = Object.values(panels).find(
        (p) => p?.status === 'ready' && p.resources.some((r) => r.resourceType === type && r.id === id),
      );
      const res =
        state?.status === 'ready'
          ? state.resources.find((r) => r.resourceType === type && r.id === id)
          : undefined;
      if (!res) return reference;
      const r = res as {
        code?: Parameters<typeof conceptText>[0];
        medicationCodeableConcept?: Parameters<typeof conceptText>[0];
        effectiveDateTime?: string;
        onsetDateTime?: string;
        authoredOn?: string;
        performedDateTime?: string;
        valueQuantity?: { value?: number; unit?: string };
      };
      const name = conceptText(r.code ?? r.medicationCodeableConcept) ?? type;
      const value =
        r.valueQuantity?.value !== undefined
          ? ` ${r.valueQuantity.value}${r.valueQuantity.unit ? ` ${r.valueQuantity.unit}` : ''}`
          : '';
      const when = r.effectiveDateTime ?? r.onsetDateTime ?? r.authoredOn ?? r.performedDateTime;
      return `${name}${value}${when ? ` (${when.slice(0, 10)})` : ''}`;
    },
  };
}
