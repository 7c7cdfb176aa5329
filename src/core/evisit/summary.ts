/**
 * An e-visit's answers as the reviewing clinician reads them: a few sentences, red flags first (most
 * urgent first), then what the patient told about the problem, then the red-flag questions answered
 * no, in one line. Every answer given appears once; what the patient typed is quoted as typed.
 *
 * The words are the clinician's (short clinical phrasing of §12's questions), in English or Spanish,
 * kept here beside the Questionnaires they summarise.
 */
import type {
  AllergyIntolerance,
  Condition,
  MedicationRequest,
  MedicationStatement,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItemAnswer,
} from 'fhir/r4';
import { conceptText, problemList } from '../record/display';
import { moreUrgent, type RouteLevel } from './levels';
import { EVISIT_QUESTIONNAIRES, kindOf, localText, type EvisitKind } from './questionnaires';
import { routeOf } from './flow';
import { flagsOf, type Answers } from './route';
import { canonicalNumber, inFahrenheit } from './units';
import { formatNumber } from '../text/locale';

export type SummaryLanguage = 'en' | 'es';

interface Words {
  en: string;
  es: string;
}

/** What each red-flag question asks, as a finding (answered yes). */
const FINDINGS: Readonly<Record<string, Words>> = {
  'uri-1': {
    en: 'short of breath at rest, or chest pain or pressure',
    es: 'falta de aire en reposo, o dolor o presión en el pecho',
  },
  'uri-3': {
    en: 'temperature 39 °C (102.2 °F) or higher, or fever for more than 3 days',
    es: 'temperatura de 39 °C (102.2 °F) o más, o fiebre por más de 3 días',
  },
  'uri-4': {
    en: 'heart rate over 100 or breathing faster than 24 a minute',
    es: 'pulso de más de 100 o más de 24 respiraciones por minuto',
  },
  'uri-5': { en: 'coughing up blood', es: 'tos con sangre' },
  'uri-6': {
    en: 'symptoms over 10 days without improving, or better then worse again',
    es: 'síntomas por más de 10 días sin mejorar, o mejoría y luego empeoramiento',
  },
  'uri-7': {
    en: 'severe one-sided face or tooth pain with swelling, swelling or redness around the eye, or a vision change',
    es: 'dolor fuerte de un lado de la cara o de un diente con hinchazón, hinchazón o enrojecimiento alrededor del ojo, o cambios en la vista',
  },
  'uri-8': {
    en: 'severe sore throat with trouble swallowing saliva, drooling, muffled voice, trouble opening the mouth or one-sided neck swelling',
    es: 'dolor fuerte de garganta con dificultad para tragar saliva, babeo, voz apagada, dificultad para abrir la boca o hinchazón de un lado del cuello',
  },
  'uri-9': {
    en: 'sore throat with fever, tender neck glands, white patches on the tonsils and no cough',
    es: 'dolor de garganta con fiebre, ganglios del cuello dolorosos, manchas blancas en las amígdalas y sin tos',
  },
  'uri-10': {
    en: 'stiff neck, severe headache, confusion, unusual sleepiness or a rash that does not fade when pressed',
    es: 'cuello rígido, dolor de cabeza fuerte, confusión, sueño fuera de lo normal o sarpullido que no se aclara al presionar',
  },
  'uri-11': {
    en: 'wheezing, or asthma/COPD much worse than usual',
    es: 'silbido en el pecho, o asma/EPOC mucho peor de lo normal',
  },
  'uri-12': {
    en: 'unable to keep fluids down, or passing very little urine',
    es: 'no retiene líquidos, u orina muy poco',
  },
  'uri-13': {
    en: 'cough over 3 weeks, or coughing fits ending in a whoop or vomiting',
    es: 'tos por más de 3 semanas, o ataques de tos que terminan con un ruido agudo al tomar aire ("gallo") o vómito',
  },
  'uri-14': {
    en: 'pregnant, weakened immune system, chronic lung, heart or kidney disease, or 65+ with other serious conditions',
    es: 'embarazo, defensas bajas, enfermedad crónica de pulmones, corazón o riñones, o 65 años o más con otras enfermedades graves',
  },
  'uri-15': {
    en: 'ear pain with swelling or redness behind the ear, or ear discharge with fever',
    es: 'dolor de oído con hinchazón o enrojecimiento detrás de la oreja, o secreción del oído con fiebre',
  },
  'uri-16': {
    en: 'began after travel or contact with flu/COVID; wants testing or antivirals',
    es: 'empezó tras un viaje o contacto con gripe/COVID; quiere prueba o antiviral',
  },
  'lbp-1': {
    en: 'new trouble passing urine or controlling bladder/bowels, or saddle numbness',
    es: 'problemas nuevos para orinar o controlar vejiga/intestino, o adormecimiento en silla de montar',
  },
  'lbp-2': {
    en: 'new or worsening weakness in a leg or foot',
    es: 'debilidad nueva o que empeora en una pierna o un pie',
  },
  'lbp-3': { en: 'fever or chills with the back pain', es: 'fiebre o escalofríos con el dolor de espalda' },
  'lbp-4': {
    en: 'injection drug use, or a recent serious infection, spinal procedure or catheter/IV line',
    es: 'uso de drogas inyectadas, o infección grave, procedimiento en la columna o sonda/vía reciente',
  },
  'lbp-5': { en: 'cancer now or in the past', es: 'cáncer ahora o en el pasado' },
  'lbp-6': { en: 'unexplained weight loss', es: 'pérdida de peso sin explicación' },
  'lbp-7': {
    en: 'began after a fall, accident or injury (or a minor fall over 50), osteoporosis, or long-term steroid tablets',
    es: 'empezó tras una caída, accidente o golpe (o caída leve con más de 50 años), osteoporosis, o esteroides en pastillas por mucho tiempo',
  },
  'lbp-8': {
    en: 'constant pain, worse at night or at rest, not eased by any position',
    es: 'dolor constante, peor de noche o en reposo, que no alivia ninguna posición',
  },
  'lbp-9': { en: 'weakened immune system', es: 'defensas bajas' },
  'lbp-10': {
    en: 'belly pain, a pulsing feeling in the abdomen, side pain with urinary symptoms or blood in the urine, or pelvic pain / possible pregnancy',
    es: 'dolor de barriga, latido en el abdomen, dolor de costado con molestias urinarias o sangre en la orina, o dolor pélvico / posible embarazo',
  },
  'lbp-11': { en: 'takes blood thinners', es: 'toma anticoagulantes' },
  'lbp-11.1': {
    en: 'severe back pain of sudden onset while on blood thinners',
    es: 'dolor de espalda fuerte y repentino tomando anticoagulantes',
  },
  'lbp-12': {
    en: 'this episode over 6 weeks despite self-care, or steadily worse',
    es: 'este episodio dura más de 6 semanas pese al cuidado en casa, o empeora cada vez más',
  },
  'lbp-13': {
    en: 'much worse than the usual back pain, or the worst pain of their life',
    es: 'mucho peor que su dolor de espalda habitual, o el peor dolor de su vida',
  },
};

const LEVEL: Readonly<Record<RouteLevel, Words>> = {
  emergency: { en: 'Emergency', es: 'Emergencia' },
  'same-day': { en: 'Same day', es: 'Mismo día' },
  'within-24h': { en: 'Within 24 h', es: 'En 24 h' },
  'in-person': { en: 'In person', es: 'En persona' },
  'clinician-review': {
    en: 'Clinician review before self-care',
    es: 'Revisión clínica antes del autocuidado',
  },
  'async-ok': { en: 'No red flag', es: 'Sin señales de alarma' },
};

const PHRASES = {
  started: { en: 'Started {date} ({days}).', es: 'Empezó el {date} ({days}).' },
  today: { en: 'today', es: 'hoy' },
  dayAgo: { en: '1 day ago', es: 'hace 1 día' },
  daysAgo: { en: '{n} days ago', es: 'hace {n} días' },
  symptoms: { en: 'Main symptoms: {list}.', es: 'Síntomas principales: {list}.' },
  where: { en: 'Pain: {where}.', es: 'Dolor: {where}.' },
  score: { en: 'Pain now {n}/10.', es: 'Dolor ahora {n}/10.' },
  own: { en: 'In their words: “{text}”', es: 'En sus palabras: «{text}»' },
  temperature: { en: 'Temperature {n}.', es: 'Temperatura {n}.' },
  // Not "no temperature taken": no answer may be the patient's "I don't know".
  noTemperature: { en: 'Temperature: not stated.', es: 'Temperatura: no lo dice.' },
  oxygen: { en: 'Oxygen {n} % on a home oximeter.', es: 'Oxígeno {n} % con oxímetro en casa.' },
  oxygenFlag: { en: 'oxygen {n} % on a home oximeter', es: 'oxígeno {n} % con oxímetro en casa' },
  temperatureFlag: { en: 'temperature {n}', es: 'temperatura {n}' },
  noOxygen: { en: 'No home oxygen reading.', es: 'Sin medición de oxígeno en casa.' },
  tried: { en: 'Tried: “{text}”', es: 'Probó: «{text}»' },
  notTried: {
    en: 'Medicines or home care tried: not stated.',
    es: 'Medicinas o cuidados probados: no lo dice.',
  },
  allergies: {
    en: 'Medicine allergies, as stated: “{text}”',
    es: 'Alergias a medicinas, según dice: «{text}»',
  },
  noAllergies: { en: 'Medicine allergies: not stated.', es: 'Alergias a medicinas: no lo dice.' },
  thinners: {
    en: 'Takes blood thinners; the pain is not severe and sudden.',
    // Not "ni… ni": a "no" to lbp-11.1 says the pain is not both severe and sudden.
    es: 'Toma anticoagulantes; el dolor no es a la vez fuerte y repentino.',
  },
  answeredNo: { en: 'Answered no: {list}.', es: 'Respondió que no: {list}.' },
  other: { en: '{question}: {answer}.', es: '{question}: {answer}.' },
  yes: { en: 'yes', es: 'sí' },
  no: { en: 'no', es: 'no' },
} satisfies Record<string, Words>;

function say(phrase: Words, lang: SummaryLanguage, values: Record<string, string> = {}): string {
  return phrase[lang].replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

export interface SummaryLine {
  text: string;
  /** The answers the sentence reports, so each answer is reported exactly once. */
  linkIds: string[];
  /** For a red flag: the level it reaches. */
  level?: RouteLevel;
}

export interface EvisitSummary {
  kind: EvisitKind;
  route: RouteLevel;
  /** The red flags, most urgent first. */
  flags: SummaryLine[];
  /** What the patient said about the problem: onset, symptoms, readings, medicines, allergies. */
  story: SummaryLine[];
  /** The red-flag questions answered no, in one sentence (absent when there are none). */
  negatives?: SummaryLine;
}

function daysBetween(from: string, to: string): number | undefined {
  const a = Date.parse(from.slice(0, 10));
  const b = Date.parse(to.slice(0, 10));
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.round((b - a) / 86_400_000);
}

function formatDay(date: string, lang: SummaryLanguage): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

function numberOf(answers: readonly QuestionnaireResponseItemAnswer[] | undefined): number | undefined {
  const a = answers?.[0];
  const v = a?.valueDecimal ?? a?.valueInteger;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** "37.8 °C", or as the patient gave it in °F with °C beside it: "100.2 °F (37.9 °C)". */
function temperatureOf(answers: Answers, lang: SummaryLanguage): string | undefined {
  const a = answers.get('temperature')?.[0];
  const celsius = canonicalNumber(a);
  if (celsius === undefined) return undefined;
  const c = `${formatNumber(Math.round(celsius * 10) / 10, lang)} °C`;
  return inFahrenheit(a) ? `${formatNumber(a?.valueQuantity?.value ?? 0, lang)} °F (${c})` : c;
}

function stringOf(answers: readonly QuestionnaireResponseItemAnswer[] | undefined): string | undefined {
  const v = answers
    ?.map((a) => a.valueString?.trim())
    .filter((s): s is string => !!s)
    .join(' / ');
  return v ? v : undefined;
}

function optionsOf(
  item: QuestionnaireItem | undefined,
  answers: readonly QuestionnaireResponseItemAnswer[] | undefined,
  lang: SummaryLanguage,
): string[] {
  return (answers ?? []).flatMap((a) => {
    const c = a.valueCoding;
    if (!c) return [];
    const option = item?.answerOption?.find((o) => o.valueCoding?.code === c.code)?.valueCoding;
    const text = option ? localText(option.display, option._display, lang) : (c.display ?? c.code ?? '');
    return text ? [text.toLocaleLowerCase(lang)] : [];
  });
}

/** Any answer this module has no sentence for, read plainly, so it is never dropped. */
function plainAnswer(
  item: QuestionnaireItem | undefined,
  answers: readonly QuestionnaireResponseItemAnswer[],
  lang: SummaryLanguage,
): string {
  return answers
    .flatMap((a) => {
      if (a.valueBoolean !== undefined) return [say(a.valueBoolean ? PHRASES.yes : PHRASES.no, lang)];
      const n = a.valueDecimal ?? a.valueInteger;
      if (n !== undefined) return [formatNumber(n, lang)];
      if (a.valueDate) return [formatDay(a.valueDate, lang)];
      if (a.valueString) return [`“${a.valueString}”`];
      if (a.valueCoding) return optionsOf(item, [a], lang);
      return [];
    })
    .join(', ');
}

/**
 * The summary of one response, in the clinician's language. `today` (YYYY-MM-DD) dates the onset
 * ("3 days ago"). Undefined when the response is not one of the app's e-visits.
 */
export function summarizeEvisit(
  qr: QuestionnaireResponse,
  lang: SummaryLanguage,
  today: string,
  questionnaires: Record<EvisitKind, Questionnaire> = EVISIT_QUESTIONNAIRES,
): EvisitSummary | undefined {
  const kind = kindOf(qr.questionnaire);
  if (!kind) return undefined;
  const q = questionnaires[kind];
  const answers = new Map<string, QuestionnaireResponseItemAnswer[]>();
  for (const i of qr.item ?? [])
    answers.set(i.linkId, [...(answers.get(i.linkId) ?? []), ...(i.answer ?? [])]);
  const route = routeOf(q, answers as Answers).route;
  const itemOf = (linkId: string) => q.item?.find((i) => i.linkId === linkId);
  const told = new Set<string>();

  const temperature = temperatureOf(answers, lang);
  const flags: SummaryLine[] = flagsOf(answers)
    .map((f, order) => ({ f, order }))
    // Most urgent first; within a level, the Questionnaire's order (which is §12's urgency order).
    .sort((a, b) =>
      moreUrgent(a.f.level, b.f.level) ? -1 : moreUrgent(b.f.level, a.f.level) ? 1 : a.order - b.order,
    )
    .map(({ f }) => {
      const n = numberOf(answers.get(f.linkId));
      const finding =
        n !== undefined && f.linkId === 'uri-2'
          ? say(PHRASES.oxygenFlag, lang, { n: formatNumber(n, lang) })
          : f.linkId === 'temperature' && temperature
            ? say(PHRASES.temperatureFlag, lang, { n: temperature })
            : (FINDINGS[f.linkId]?.[lang] ?? itemOf(f.linkId)?.text ?? f.linkId);
      // §12.2 #11 is one flag in two items: the blood thinner is said with the sudden pain.
      const linkIds = f.linkId === 'lbp-11.1' ? ['lbp-11', 'lbp-11.1'] : [f.linkId];
      linkIds.forEach((l) => told.add(l));
      return { text: `${LEVEL[f.level][lang]}: ${finding}.`, linkIds, level: f.level };
    });

  const story: SummaryLine[] = [];
  const tell = (linkId: string, text: string) => {
    told.add(linkId);
    story.push({ text, linkIds: [linkId] });
  };
  const onset = answers.get('onset')?.[0]?.valueDate;
  if (onset) {
    const days = daysBetween(onset, today);
    const ago =
      days === undefined || days < 0
        ? ''
        : days === 0
          ? say(PHRASES.today, lang)
          : days === 1
            ? say(PHRASES.dayAgo, lang)
            : say(PHRASES.daysAgo, lang, { n: String(days) });
    tell('onset', say(PHRASES.started, lang, { date: formatDay(onset, lang), days: ago }).replace(' ()', ''));
  }
  const symptoms = optionsOf(itemOf('symptoms'), answers.get('symptoms'), lang);
  if (symptoms.length) tell('symptoms', say(PHRASES.symptoms, lang, { list: symptoms.join(', ') }));
  const where = optionsOf(itemOf('pain-where'), answers.get('pain-where'), lang);
  if (where.length) tell('pain-where', say(PHRASES.where, lang, { where: where.join(', ') }));
  const score = numberOf(answers.get('pain-score'));
  if (score !== undefined) tell('pain-score', say(PHRASES.score, lang, { n: String(score) }));
  const own = stringOf(answers.get('symptoms-other'));
  if (own) tell('symptoms-other', say(PHRASES.own, lang, { text: own }));
  if (!told.has('temperature')) {
    tell(
      'temperature',
      temperature === undefined
        ? say(PHRASES.noTemperature, lang)
        : say(PHRASES.temperature, lang, { n: temperature }),
    );
  }
  if (kind === 'uri' && !told.has('uri-2')) {
    const o = numberOf(answers.get('uri-2'));
    tell(
      'uri-2',
      o === undefined ? say(PHRASES.noOxygen, lang) : say(PHRASES.oxygen, lang, { n: formatNumber(o, lang) }),
    );
  }
  if (!told.has('lbp-11') && answers.get('lbp-11')?.some((a) => a.valueBoolean === true)) {
    told.add('lbp-11.1');
    tell('lbp-11', say(PHRASES.thinners, lang));
  }
  const tried = stringOf(answers.get('medicines-tried'));
  tell('medicines-tried', tried ? say(PHRASES.tried, lang, { text: tried }) : say(PHRASES.notTried, lang));
  const allergies = stringOf(answers.get('allergies'));
  tell(
    'allergies',
    allergies ? say(PHRASES.allergies, lang, { text: allergies }) : say(PHRASES.noAllergies, lang),
  );

  const no: string[] = [];
  const noIds: string[] = [];
  for (const [linkId, given] of answers) {
    if (told.has(linkId) || given.length === 0) continue;
    if (FINDINGS[linkId] && given.every((a) => a.valueBoolean === false)) {
      no.push(FINDINGS[linkId][lang]);
      noIds.push(linkId);
      continue;
    }
    const item = itemOf(linkId);
    const question = item
      ? localText(item.text, item._text, lang)
      : (qr.item?.find((i) => i.linkId === linkId)?.text ?? linkId);
    tell(linkId, say(PHRASES.other, lang, { question, answer: plainAnswer(item, given, lang) }));
  }
  return {
    kind,
    route,
    flags,
    story,
    ...(no.length
      ? { negatives: { text: say(PHRASES.answeredNo, lang, { list: no.join('; ') }), linkIds: noIds } }
      : {}),
  };
}

/** What of the record bears on an e-visit reply: the current problems, medicines and allergies. */
export interface RelevantHistory {
  problems: string[];
  medicines: string[];
  allergies: string[];
}

const ACTIVE_MED = new Set(['active', 'on-hold', 'intended']);

export function relevantHistory(record: {
  conditions: readonly Condition[];
  medicationRequests: readonly MedicationRequest[];
  medicationStatements: readonly MedicationStatement[];
  allergies: readonly AllergyIntolerance[];
}): RelevantHistory {
  const problems = problemList([...record.conditions])
    .filter((r) => r.active && r.category !== 'encounter-diagnosis')
    .map((r) => r.text);
  const medicines = [
    // A proposal is an intention, not a medicine the patient takes.
    ...record.medicationRequests.filter((m) => m.status === 'active' && m.intent !== 'proposal'),
    ...record.medicationStatements.filter((m) => ACTIVE_MED.has(m.status)),
  ].flatMap((m) => {
    const text = conceptText(m.medicationCodeableConcept) ?? m.medicationReference?.display;
    return text ? [text] : [];
  });
  const allergies = record.allergies
    .filter((a) => {
      const status = a.clinicalStatus?.coding?.find((c) => c.code)?.code;
      const refuted = a.verificationStatus?.coding?.some(
        (c) => c.code === 'refuted' || c.code === 'entered-in-error',
      );
      return !refuted && (status === undefined || status === 'active');
    })
    .flatMap((a) => {
      const text = conceptText(a.code);
      if (!text) return [];
      const reactions = (a.reaction ?? []).flatMap((r) =>
        r.manifestation.flatMap((m) => conceptText(m) ?? []),
      );
      return [reactions.length ? `${text} (${reactions.join(', ')})` : text];
    });
  return {
    problems: [...new Set(problems)],
    medicines: [...new Set(medicines)],
    allergies: [...new Set(allergies)],
  };
}
