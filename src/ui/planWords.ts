/**
 * The catalogs' side of the shared plan's wording: the core decides which words the app wrote
 * (src/core/plan/words.ts); these render them in a given language. The narrative written into the
 * record is in the patient's language (Patient.communication, else English), whoever saves it.
 */
import type { Patient } from 'fhir/r4';
import type { I18n as i18n } from '../i18n/instance';
import type { NarrativeLabels, PlanRecord, PlanWords } from '../core/plan';
import { preferredLanguage } from '../core/record/display';
import { formatNumber } from '../core/text/locale';
import { LANGUAGES, supported, type Language } from '../i18n/language';

export function planWords(i18n: i18n, lang: string = i18n.language): PlanWords {
  const t = i18n.getFixedT(lang);
  return {
    action: (id) => t(`voice.plan.action.${id}`),
    declineReason: (code) => t(`voice.plan.declineReason.${code}`),
    reasonAsWritten: (code) => LANGUAGES.map((l) => i18n.getFixedT(l)(`prompts.reason.${code}`)),
    goalBelow: ({ measure, value, unit }) =>
      t('voice.plan.goalBelow', { measure, value: formatNumber(value, lang), unit }),
  };
}

export function patientLanguage(patient: Patient | undefined): Language {
  return supported(preferredLanguage(patient)) ?? 'en';
}

/** `record`: the Goals and Conditions the plan points to, named (and closed goals told apart) from it. */
export function narrativeLabels(i18n: i18n, lang: string, record?: PlanRecord): NarrativeLabels {
  const t = i18n.getFixedT(lang);
  return {
    title: t('workspace.narrative.title'),
    goals: t('workspace.narrative.goals'),
    achieved: t('voice.plan.achieved'),
    problems: t('workspace.narrative.problems'),
    agreed: t('voice.plan.doing'),
    declined: t('voice.plan.declined'),
    notToDo: t('voice.plan.notDoing'),
    because: t('workspace.narrative.because'),
    progress: { done: t('voice.plan.progress.done'), paused: t('voice.plan.progress.paused') },
    summary: t('workspace.narrative.summary'),
    nothing: t('workspace.narrative.nothing'),
    earlier: t('voice.plan.earlier'),
    words: planWords(i18n, lang),
    ...(record ? { record } : {}),
  };
}
