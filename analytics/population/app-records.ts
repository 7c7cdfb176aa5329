/**
 * What the app would have written for a generated patient who used it, made by the app's own core
 * builders so the population holds exactly the shapes the app writes: priorities (voice mapping),
 * goals agreed by both (workspace goals), the shared care plan and prompt decisions (plan build,
 * prompt actions and declines), the visit agenda with check-offs, the CollaboRATE response and its
 * score, and goal follow-up reports (measure).
 */
import type { CarePlan, Goal, Observation, QuestionnaireResponse, Reference, Resource } from 'fhir/r4';
import { CG_CODESYSTEM_BASE } from '../../src/core/fhir/vocabulary';
import {
  attainmentObservation,
  ATTAINMENT_LEVELS,
  surveyResponse,
  surveyScore,
} from '../../src/core/measure';
import { aidsForRule } from '../../src/core/aids';
import { addActivity, buildSharedPlan, type PlanActivity } from '../../src/core/plan';
import { withAidShown, type AidShown } from '../../src/core/plan/aids';
import {
  acceptedAction,
  acceptedActivity,
  acceptedTargetGoal,
  buildDeclineActivity,
  evaluatePrompts,
  grammaticalGender,
  OVERRIDE_REASONS,
  overrideReason,
  overrideReasonText,
  type CodeSets,
  type PromptLanguage,
} from '../../src/core/prompts';
import { checkOff, newAgendaResponse, type AgendaEntry } from '../../src/core/voice/agenda';
import { newPriorityGoal, type PriorityInput } from '../../src/core/voice/mapping';
import { EXAMPLES } from '../../src/core/voice/examples';
import { agreeGoal } from '../../src/core/workspace/goals';
import { newIdentifier } from '../../src/core/write/identity';
import type { Random } from './random';

export const CLINICIANS = ['Practitioner/cg-dr-lee', 'Practitioner/cg-np-okafor'] as const;

const SPANISH_WORDS: Record<string, string> = {
  family: 'Pasar tiempo con mi familia',
  'own-home': 'Vivir en mi propia casa',
  walk: 'Caminar a la tienda o a la iglesia',
  grandchildren: 'Jugar con mis nietos',
  sleep: 'Dormir toda la noche',
  'more-medications': 'Tomar más pastillas',
};

const AGENDA_WORDS = {
  en: [
    'My knees hurt on the stairs',
    'Can I stop one of my pills?',
    'I feel tired after lunch',
    'My sugar readings at home',
    'Refill for my inhaler',
  ],
  es: [
    'Me duelen las rodillas en las escaleras',
    '¿Puedo dejar una de mis pastillas?',
    'Me siento cansada después de comer',
    'Mis niveles de azúcar en casa',
  ],
} as const;

export interface AppUseInput {
  patientId: string;
  /** Prefix for the ids of what the app writes (`<patient>-a`). */
  prefix: string;
  gender: string | undefined;
  lang: PromptLanguage;
  /** The visit the app was used in: YYYY-MM-DD and its Encounter id. */
  visitDay: string;
  encounterId: string | undefined;
  /** The last day anything may be dated (the population's "today"). */
  lastDay: string;
  /** The patient's clinical record (Patient included), for the prompts shown at the visit. */
  record: readonly Resource[];
}

const DAY_MS = 86_400_000;
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The resources the app wrote for one patient, with ids. */
export function appRecords(input: AppUseInput, rng: Random, codes: CodeSets): Resource[] {
  const out: Resource[] = [];
  let n = 0;
  const id = (): string => `${input.prefix}${(n++).toString(36)}`;
  const identifier = () =>
    newIdentifier(
      () =>
        `${rng.hex()}-${rng.hex().slice(0, 4)}-4${rng.hex().slice(0, 3)}-a${rng.hex().slice(0, 3)}-${rng.hex()}${rng.hex().slice(0, 4)}`,
    );
  const clinician = rng.pick(CLINICIANS);
  const { patientId, visitDay, lang } = input;
  const stated = addDays(visitDay, -rng.int(1, 10));

  // What matters: one to three priorities, the first often "the one thing".
  const goals: Goal[] = [];
  const picks = new Set<number>();
  const count = rng.int(1, 3);
  while (picks.size < count) picks.add(rng.int(0, EXAMPLES.length - 1));
  let rank = 1;
  for (const i of picks) {
    const ex = EXAMPLES[i];
    if (!ex) continue;
    const words = lang === 'es' ? (SPANISH_WORDS[ex.id] ?? ex.display) : ex.display;
    const priority: PriorityInput =
      ex.kind === 'care'
        ? { kind: 'care-burdensome', text: words, ...(ex.preference ? { preference: ex.preference } : {}) }
        : {
            kind: ex.kind,
            text: words,
            ...(ex.domain ? { domain: ex.domain } : {}),
            example: {
              system: `${CG_CODESYSTEM_BASE}/what-matters-example`,
              code: ex.id,
              display: ex.display,
            },
          };
    const goal = newPriorityGoal(
      { ...priority, rank, oneThing: rank === 1 && ex.kind === 'outcome-goal' && rng.chance(0.8) },
      { patientId, today: stated, identifier: identifier() },
    );
    rank++;
    goals.push({ ...goal, id: id() });
  }

  // Agreed at the visit: the outcome goals, most of the time, by the patient and the clinician.
  const agreed: Goal[] = [];
  for (let g = 0; g < goals.length; g++) {
    const goal = goals[g] as Goal;
    const outcome = goal.category?.some((c) => c.coding?.some((x) => x.code === 'outcome-goal'));
    if (!outcome || !rng.chance(0.7)) continue;
    const next = agreeGoal(
      goal,
      { text: goal.description.text ?? '', targets: [], addresses: [], status: 'active' },
      { patientId, clinician, today: visitDay },
    );
    goals[g] = next;
    agreed.push(next);
  }
  out.push(...goals);

  // The prompts the clinician saw at that visit, and what they decided together.
  const shown = evaluatePrompts({ resources: input.record, date: visitDay }, codes).prompts;
  const decisions: PlanActivity[] = [];
  const aids: AidShown[] = [];
  for (const prompt of shown) {
    const r = rng.next();
    const label = acceptedAction(prompt, lang).label;
    if (r < 0.4) {
      const goal = acceptedTargetGoal(prompt, {
        patientId,
        date: visitDay,
        identifier: identifier(),
        agreedBy: [`Patient/${patientId}`, clinician],
      });
      const links: Reference[] = [];
      if (goal) {
        const saved = { ...goal, id: id() };
        out.push(saved);
        links.push({ reference: `Goal/${saved.id}`, display: saved.description.text ?? '' });
      }
      const source = acceptedActivity(prompt, visitDay, lang);
      decisions.push(
        acceptedAction(prompt, lang).doNotPerform
          ? { kind: 'not-to-do', text: label, key: `prompt:${prompt.rule}`, source }
          : { kind: 'agreed', text: label, key: `prompt:${prompt.rule}`, source, goals: links },
      );
    } else if (r < 0.7) {
      const reason = rng.pick(OVERRIDE_REASONS).code;
      const words = overrideReasonText(reason, lang, grammaticalGender(input.gender));
      const source = buildDeclineActivity({
        rule: prompt.rule,
        date: visitDay,
        reason: words,
        reasonCode: overrideReason(reason),
        description: label,
      });
      decisions.push({ kind: 'declined', text: label, reason: words, key: `prompt:${prompt.rule}`, source });
    } else continue;
    // Most decisions with a decision aid were made looking at it together.
    const aid = aidsForRule(prompt.rule)[0];
    if (aid && rng.chance(0.7)) aids.push({ id: aid.id, title: aid.title[lang], date: visitDay });
  }

  // The shared plan, most of the time when goals were agreed or a prompt decided.
  if ((agreed.length > 0 || decisions.length > 0) && rng.chance(0.85)) {
    const planActivities: PlanActivity[] = agreed.map((g) => ({
      kind: 'agreed',
      text: lang === 'es' ? 'Caminar 20 minutos al día' : 'Walk 20 minutes a day',
      goals: [{ reference: `Goal/${g.id ?? ''}`, display: g.description.text ?? '' }],
    }));
    let plan: CarePlan = buildSharedPlan(
      undefined,
      {
        goals: agreed.map((g) => ({ reference: `Goal/${g.id ?? ''}`, display: g.description.text ?? '' })),
        addresses: [],
        activities: planActivities,
        summary:
          lang === 'es' ? 'Hablamos de lo que más le importa.' : 'We talked about what matters most to you.',
      },
      { patientId, clinician, today: visitDay, identifier: identifier() },
    );
    for (const d of decisions) plan = addActivity(plan, d);
    for (const aid of aids) plan = withAidShown(plan, aid, { shown: (title) => title });
    out.push({ ...plan, id: id() });
  }

  // The visit agenda the patient wrote before it, with the clinician's check-offs.
  if (rng.chance(0.6)) {
    const words = AGENDA_WORDS[lang === 'es' ? 'es' : 'en'];
    const items: AgendaEntry[] = Array.from({ length: rng.int(1, 3) }, (_, k) => ({
      id: `concern-${rng.hex()}-${k}`,
      text: rng.pick(words),
      addressed: false,
    }));
    let qr: QuestionnaireResponse = newAgendaResponse(items, {
      patientId,
      identifier: identifier(),
      authored: `${addDays(visitDay, -1)}T18:00:00Z`,
    });
    for (const item of items) {
      if (!rng.chance(0.75)) continue;
      const done = checkOff(qr, { id: item.id ?? '', text: item.text, addressed: false }, true);
      if (done.kind === 'applied' || done.kind === 'reworded') qr = done.qr;
    }
    out.push({ ...qr, id: id() });
  }

  // CollaboRATE after the visit (about half answer), and its top-box score.
  if (input.encounterId && rng.chance(0.5)) {
    const answer = () =>
      rng.chance(0.1)
        ? undefined
        : rng.weighted<number>([
            [9, 6],
            [8, 2],
            [7, 1],
            [5, 0.6],
            [2, 0.4],
          ]);
    const qr = {
      ...surveyResponse([answer(), answer(), answer()], {
        patientId,
        encounterId: input.encounterId,
        identifier: identifier(),
        authored: `${addDays(visitDay, rng.int(0, 1))}T20:00:00Z`,
      }),
      id: id(),
    };
    out.push(qr);
    if (qr.status === 'completed')
      out.push({ ...surveyScore(qr, { patientId, identifier: identifier() }), id: id() });
  }

  // Between visits: how each agreed goal is going, mostly 2 weeks to 6 months after the agreement.
  for (const goal of agreed) {
    if (!rng.chance(0.6)) continue;
    const reports = rng.int(1, 2);
    for (let k = 0; k < reports; k++) {
      const when = addDays(visitDay, rng.chance(0.15) ? rng.int(2, 12) : rng.int(15, 175));
      if (when > input.lastDay) continue;
      const obs: Observation = attainmentObservation(rng.pick(ATTAINMENT_LEVELS).key, {
        patientId,
        goalId: goal.id ?? '',
        identifier: identifier(),
        now: `${when}T12:00:00Z`,
      });
      out.push({ ...obs, id: id() });
    }
  }
  return out;
}
