/**
 * The two e-visit Questionnaires (SDC, standard elements only, so any SDC renderer can show them):
 * a cold / sore throat / cough (value-care-rules §12.1) and acute low back pain (§12.2).
 *
 * The red-flag items keep §12's numbering as their linkId and §12's patient wording (but #2 asks for
 * the oximeter's number: see QUESTIONNAIRE_VERSION); they are ordered by the most urgent level each
 * can reach, so a patient is never stopped by a lesser flag before being asked about an emergency one. Then come the basics a clinician needs. Spanish text is
 * carried in the standard `translation` extension on `_text` / `_display`.
 *
 * Pregnancy is asked inside §12.1 #14 and §12.2 #10, as §12 words it, not as a separate question
 * that could contradict them.
 */
import type { Coding, Extension, Questionnaire, QuestionnaireItem } from 'fhir/r4';
import {
  CG_EVISIT_ANSWER,
  CG_QUESTIONNAIRE_BASE,
  MAX_VALUE_EXT,
  MIN_VALUE_EXT,
  QUESTIONNAIRE_UNIT_EXT,
  QUESTIONNAIRE_UNIT_OPTION_EXT,
  TRANSLATION_EXT,
  UCUM,
} from '../fhir/vocabulary';
import { CELSIUS, FAHRENHEIT } from './units';

export type EvisitKind = 'uri' | 'lbp';

/**
 * Each Questionnaire's version, bumped when its wording changes; a stored response keeps citing the
 * version its patient answered. 1.1.0: evisit-uri asks for the oximeter's number whatever it is (1.0.0
 * asked "is it below 94%?", and a patient at 97 % could read that as "leave it empty", which the
 * review shows as no reading at all); both take the temperature in °F or °C (1.0.0 asked for °C
 * only, which a US thermometer does not show); both ask about allergies in Spanish without a masculine
 * adjective ("¿Tiene alergia…?", not "¿Es alérgico…?"), and say in Spanish what the English says of a
 * whoop (not uri-11's "silbido", a wheeze) and of foot drop (not "el pie se cae"). No item's meaning changed; the temperature's
 * answer is now a valueQuantity with its unit (a 1.0.0 valueDecimal is °C).
 */
export const QUESTIONNAIRE_VERSION: Record<EvisitKind, string> = { uri: '1.1.0', lbp: '1.1.0' };
export const QUESTIONNAIRE_URL: Record<EvisitKind, string> = {
  uri: `${CG_QUESTIONNAIRE_BASE}/evisit-uri`,
  lbp: `${CG_QUESTIONNAIRE_BASE}/evisit-low-back-pain`,
};

/** `url|version`, as `QuestionnaireResponse.questionnaire` carries it. */
export function questionnaireCanonical(kind: EvisitKind): string {
  return `${QUESTIONNAIRE_URL[kind]}|${QUESTIONNAIRE_VERSION[kind]}`;
}

interface Words {
  en: string;
  es: string;
}

function translated(es: string): { extension: Extension[] } {
  return {
    extension: [
      {
        url: TRANSLATION_EXT,
        extension: [
          { url: 'lang', valueCode: 'es' },
          { url: 'content', valueString: es },
        ],
      },
    ],
  };
}

function text(w: Words): Pick<QuestionnaireItem, 'text' | '_text'> {
  return { text: w.en, _text: translated(w.es) };
}

function yesNo(linkId: string, w: Words, extra: Partial<QuestionnaireItem> = {}): QuestionnaireItem {
  return { linkId, type: 'boolean', required: true, ...text(w), ...extra };
}

function unit(code: string, display: string): Extension {
  return { url: QUESTIONNAIRE_UNIT_EXT, valueCoding: { system: UCUM, code, display } };
}

function option(code: string, w: Words): { valueCoding: Coding } {
  return {
    valueCoding: { system: CG_EVISIT_ANSWER, code, display: w.en, _display: translated(w.es) } as Coding,
  };
}

function basics(kind: EvisitKind): QuestionnaireItem[] {
  const symptoms: QuestionnaireItem =
    kind === 'uri'
      ? {
          linkId: 'symptoms',
          type: 'choice',
          repeats: true,
          required: true,
          ...text({
            en: 'What are your main symptoms? Pick all that fit.',
            es: '¿Cuáles son sus síntomas principales? Elija todos los que tenga.',
          }),
          answerOption: [
            option('runny-nose', { en: 'Runny or stuffy nose', es: 'Nariz que gotea o tapada' }),
            option('sore-throat', { en: 'Sore throat', es: 'Dolor de garganta' }),
            option('cough', { en: 'Cough', es: 'Tos' }),
            option('sinus-pain', { en: 'Pain or pressure in the face', es: 'Dolor o presión en la cara' }),
            option('ear-pain', { en: 'Ear pain', es: 'Dolor de oído' }),
            option('body-aches', { en: 'Body aches', es: 'Dolor de cuerpo' }),
            option('tired', { en: 'Feeling tired', es: 'Cansancio' }),
          ],
        }
      : {
          linkId: 'pain-where',
          type: 'choice',
          required: true,
          ...text({ en: 'Where is the pain?', es: '¿Dónde tiene el dolor?' }),
          answerOption: [
            option('low-back', { en: 'Only in my low back', es: 'Solo en la parte baja de la espalda' }),
            option('one-leg', { en: 'My back and down one leg', es: 'En la espalda y baja por una pierna' }),
            option('both-legs', {
              en: 'My back and down both legs',
              es: 'En la espalda y baja por las dos piernas',
            }),
          ],
        };
  const items: QuestionnaireItem[] = [
    {
      linkId: 'onset',
      type: 'date',
      required: true,
      ...text({ en: 'When did it start?', es: '¿Cuándo empezó?' }),
    },
    symptoms,
  ];
  if (kind === 'uri')
    items.push({
      linkId: 'symptoms-other',
      type: 'string',
      ...text({ en: 'Anything else about how you feel?', es: '¿Algo más sobre cómo se siente?' }),
    });
  else
    items.push({
      linkId: 'pain-score',
      type: 'integer',
      required: true,
      ...text({
        en: 'How bad is the pain now, from 0 (none) to 10 (the worst)?',
        es: '¿Qué tan fuerte es el dolor ahora, de 0 (nada) a 10 (el peor)?',
      }),
      extension: [
        { url: MIN_VALUE_EXT, valueInteger: 0 },
        { url: MAX_VALUE_EXT, valueInteger: 10 },
      ],
    });
  items.push(
    {
      linkId: 'temperature',
      // A quantity in °F or °C, as the patient's thermometer reads (./units): °F first, as US
      // thermometers show it.
      type: 'quantity',
      ...text({
        en: 'If you took your temperature: what was it?',
        es: 'Si se tomó la temperatura: ¿cuánto marcó?',
      }),
      extension: [FAHRENHEIT, CELSIUS].map((valueCoding) => ({
        url: QUESTIONNAIRE_UNIT_OPTION_EXT,
        valueCoding,
      })),
    },
    {
      linkId: 'medicines-tried',
      type: 'string',
      ...text({
        en: 'What medicines or home care have you tried? Did they help?',
        es: '¿Qué medicinas o cuidados en casa ha probado? ¿Le ayudaron?',
      }),
    },
    {
      linkId: 'allergies',
      type: 'string',
      ...text({
        en: 'Are you allergic to any medicines? Which ones?',
        es: '¿Tiene alergia a alguna medicina? ¿A cuáles?',
      }),
    },
  );
  return items;
}

const URI_RED_FLAGS: QuestionnaireItem[] = [
  // Emergency
  yesNo('uri-1', {
    en: 'Are you short of breath at rest, struggling to breathe, or do you have chest pain or pressure?',
    es: '¿Le falta el aire en reposo, le cuesta respirar o tiene dolor o presión en el pecho?',
  }),
  {
    linkId: 'uri-2',
    type: 'decimal',
    ...text({
      en: 'If you have a home pulse oximeter, what oxygen level does it show now? Type the number, whatever it is. Leave it empty if you have none.',
      es: 'Si tiene un oxímetro de pulso en casa, ¿qué nivel de oxígeno marca ahora? Escriba el número, sea cual sea. Déjelo vacío si no tiene.',
    }),
    extension: [
      unit('%', '%'),
      { url: MIN_VALUE_EXT, valueDecimal: 50 },
      { url: MAX_VALUE_EXT, valueDecimal: 100 },
    ],
  },
  yesNo('uri-8', {
    en: 'Severe sore throat with trouble swallowing your own saliva, drooling, muffled "hot-potato" voice, trouble opening your mouth, or swelling on one side of the neck?',
    es: '¿Dolor fuerte de garganta con dificultad para tragar su propia saliva, babeo, voz apagada ("de papa caliente"), dificultad para abrir la boca o hinchazón en un lado del cuello?',
  }),
  yesNo('uri-10', {
    en: 'Stiff neck, severe headache, confusion, unusual sleepiness, or a rash that does not fade when pressed?',
    es: '¿Cuello rígido, dolor de cabeza fuerte, confusión, sueño fuera de lo normal o un sarpullido que no se aclara al presionarlo?',
  }),
  // Same day
  yesNo('uri-4', {
    en: 'If you can measure them: heart rate over 100, or breathing faster than 24 breaths a minute?',
    es: 'Si puede medirlos: ¿pulso de más de 100, o respira más rápido de 24 veces por minuto?',
  }),
  yesNo('uri-5', { en: 'Are you coughing up blood?', es: '¿Tose con sangre?' }),
  yesNo('uri-7', {
    en: 'Severe one-sided face or tooth pain with swelling, swelling or redness around the eye, double vision or vision change?',
    es: '¿Dolor fuerte de un lado de la cara o de un diente con hinchazón, hinchazón o enrojecimiento alrededor del ojo, visión doble o cambios en la vista?',
  }),
  yesNo('uri-11', {
    en: 'Wheezing, or is your asthma/COPD much worse than usual?',
    es: '¿Silbido en el pecho, o su asma/EPOC está mucho peor de lo normal?',
  }),
  yesNo('uri-12', {
    en: 'Are you unable to keep fluids down, or passing very little urine?',
    es: '¿No puede retener líquidos, u orina muy poco?',
  }),
  // Within 24 hours
  yesNo('uri-3', {
    en: 'Is your temperature 39 °C (102.2 °F) or higher, or have you had a fever for more than 3 days?',
    es: '¿Tiene una temperatura de 39 °C (102.2 °F) o más, o ha tenido fiebre por más de 3 días?',
  }),
  // In person
  yesNo('uri-6', {
    en: 'Have your symptoms lasted more than 10 days without improving, or got better and then worse again ("double sickening")?',
    es: '¿Sus síntomas han durado más de 10 días sin mejorar, o mejoraron y luego empeoraron otra vez?',
  }),
  yesNo('uri-9', {
    en: 'Sore throat with fever, swollen tender neck glands, white patches on the tonsils, and no cough?',
    es: '¿Dolor de garganta con fiebre, ganglios del cuello hinchados y dolorosos, manchas blancas en las amígdalas, y sin tos?',
  }),
  yesNo('uri-13', {
    en: 'Has the cough lasted more than 3 weeks, or do you have coughing fits ending in a "whoop" or vomiting?',
    // "Silbido" is uri-11's wheeze; a whoop is the sharp gasp breathing in after the fit.
    es: '¿La tos ha durado más de 3 semanas, o tiene ataques de tos que terminan con un ruido agudo al tomar aire (como un "gallo") o con vómito?',
  }),
  yesNo('uri-15', {
    en: 'Ear pain with swelling or redness behind the ear, or ear discharge with fever?',
    es: '¿Dolor de oído con hinchazón o enrojecimiento detrás de la oreja, o líquido que sale del oído con fiebre?',
  }),
  yesNo('uri-16', {
    en: 'Symptoms started after travel, or contact with flu/COVID — do you want testing or antivirals?',
    es: 'Los síntomas empezaron después de un viaje o de estar con alguien con gripe/COVID: ¿quiere una prueba o un antiviral?',
  }),
  // Clinician review (does not end the e-visit)
  yesNo('uri-14', {
    en: 'Do any of these apply: pregnant; weakened immune system (chemotherapy, transplant, HIV, long-term steroids or biologics); chronic lung, heart or kidney disease; age 65+ with other serious conditions?',
    es: '¿Le aplica algo de esto: embarazo; defensas bajas (quimioterapia, trasplante, VIH, esteroides o biológicos por mucho tiempo); enfermedad crónica de los pulmones, el corazón o los riñones; 65 años o más con otras enfermedades graves?',
  }),
];

const LBP_RED_FLAGS: QuestionnaireItem[] = [
  // Emergency
  yesNo('lbp-1', {
    en: 'New trouble passing urine or controlling your bladder/bowels, or numbness in the groin/"saddle" area?',
    es: '¿Problemas nuevos para orinar o para controlar la vejiga o el intestino, o adormecimiento en la ingle o la zona "de la silla de montar"?',
  }),
  // Same day
  yesNo('lbp-2', {
    en: 'New or worsening weakness in a leg or foot (foot drop, leg giving way)?',
    es: '¿Debilidad nueva o que empeora en una pierna o un pie (no puede levantar la punta del pie, o la pierna se le dobla)?',
  }),
  yesNo('lbp-3', {
    en: 'Fever or chills with the back pain?',
    es: '¿Fiebre o escalofríos con el dolor de espalda?',
  }),
  yesNo('lbp-10', {
    en: 'Pain in the belly, a pulsing feeling in the abdomen, pain in the side with urinary symptoms or blood in the urine, or (if applicable) pelvic pain / possible pregnancy?',
    es: '¿Dolor en la barriga, una sensación de latido en el abdomen, dolor en el costado con molestias al orinar o sangre en la orina, o (si aplica) dolor en la pelvis / posible embarazo?',
  }),
  yesNo('lbp-11', {
    en: 'Do you take blood thinners?',
    es: '¿Toma medicinas para hacer la sangre más líquida (anticoagulantes)?',
  }),
  yesNo(
    'lbp-11.1',
    {
      en: 'Is the back pain severe, and did it start suddenly?',
      es: '¿El dolor de espalda es fuerte y empezó de repente?',
    },
    { enableWhen: [{ question: 'lbp-11', operator: '=', answerBoolean: true }] },
  ),
  // In person
  yesNo('lbp-4', {
    en: 'Have you ever injected drugs, or had a recent serious infection, spinal procedure, or catheter/IV line?',
    es: '¿Alguna vez se ha inyectado drogas, o tuvo hace poco una infección grave, un procedimiento en la columna, o una sonda o suero en la vena?',
  }),
  yesNo('lbp-5', {
    en: 'Do you have cancer now or have you had it before?',
    es: '¿Tiene cáncer ahora o lo ha tenido antes?',
  }),
  yesNo('lbp-6', {
    en: 'Unexplained weight loss (e.g. > 4.5 kg / 10 lb in 6 months)?',
    es: '¿Ha bajado de peso sin razón (por ejemplo, más de 4.5 kg / 10 lb en 6 meses)?',
  }),
  yesNo('lbp-7', {
    en: 'Did the pain start after a fall, accident or injury? Or, if over 50, after even a minor fall? Do you have osteoporosis or take steroid tablets long-term?',
    es: '¿El dolor empezó después de una caída, un accidente o un golpe? O, si tiene más de 50 años, ¿después de una caída aunque sea leve? ¿Tiene osteoporosis o toma pastillas de esteroides por mucho tiempo?',
  }),
  yesNo('lbp-8', {
    en: 'Is the pain constant and worse at night or at rest, not eased by any position?',
    es: '¿El dolor es constante y peor de noche o en reposo, y no se alivia en ninguna posición?',
  }),
  yesNo('lbp-9', {
    en: 'Is your immune system weakened (transplant, chemotherapy, HIV, biologics)?',
    es: '¿Tiene las defensas bajas (trasplante, quimioterapia, VIH, biológicos)?',
  }),
  yesNo('lbp-12', {
    en: 'Has this episode lasted more than 6 weeks despite self-care, or is it getting steadily worse?',
    es: '¿Este episodio ha durado más de 6 semanas a pesar de cuidarse en casa, o está empeorando cada vez más?',
  }),
  yesNo('lbp-13', {
    en: 'Is this much worse than your usual back pain, or the worst pain of your life?',
    es: '¿Es mucho peor que su dolor de espalda de siempre, o el peor dolor de su vida?',
  }),
];

function questionnaire(kind: EvisitKind, title: Words, redFlags: QuestionnaireItem[]): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: kind === 'uri' ? 'evisit-uri' : 'evisit-low-back-pain',
    url: QUESTIONNAIRE_URL[kind],
    version: QUESTIONNAIRE_VERSION[kind],
    name: kind === 'uri' ? 'EVisitUpperRespiratoryInfection' : 'EVisitAcuteLowBackPain',
    title: title.en,
    _title: translated(title.es),
    status: 'active',
    subjectType: ['Patient'],
    description:
      'Asynchronous e-visit. Red-flag questions (numbered as value-care-rules §12) come first, most urgent first; any red flag answered yes ends the e-visit and routes the patient to be seen.',
    item: [...redFlags, ...basics(kind)],
  } as Questionnaire;
}

export const EVISIT_QUESTIONNAIRES: Record<EvisitKind, Questionnaire> = {
  uri: questionnaire(
    'uri',
    { en: 'A cold, sore throat or cough', es: 'Un resfriado, dolor de garganta o tos' },
    URI_RED_FLAGS,
  ),
  lbp: questionnaire(
    'lbp',
    { en: 'Low back pain that is new', es: 'Dolor nuevo en la parte baja de la espalda' },
    LBP_RED_FLAGS,
  ),
};

/** Which e-visit a Questionnaire canonical (with or without `|version`) names. */
export function kindOf(canonical: string | undefined): EvisitKind | undefined {
  const url = canonical?.split('|')[0];
  return (Object.keys(QUESTIONNAIRE_URL) as EvisitKind[]).find((k) => QUESTIONNAIRE_URL[k] === url);
}

/** The text of an item, title or option in a language, from the translation extension (else English). */
export function localText(
  en: string | undefined,
  element: { extension?: Extension[] } | undefined,
  lang: string,
): string {
  if (lang !== 'en') {
    for (const ext of element?.extension ?? []) {
      if (ext.url !== TRANSLATION_EXT) continue;
      const l = ext.extension?.find((e) => e.url === 'lang')?.valueCode;
      const c = ext.extension?.find((e) => e.url === 'content')?.valueString;
      if (l === lang && c) return c;
    }
  }
  return en ?? '';
}
