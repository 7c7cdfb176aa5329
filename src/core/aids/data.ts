/**
 * Every number the decision aids use, with its status, population, time frame and source, copied
 * from clinical/decision-aids.md (Common Ground, 2026-12). Nothing here is estimated: a number the
 * document marks "not found" is listed under `notFound`, and the aid says no reliable number is
 * available. `asWritten` keeps the figure exactly as the document writes it, so a reviewer can
 * check each one against the document; `count` is that figure as people out of `per`.
 *
 * Which of these may be drawn as figures is decided in `select.ts`, not here.
 */
import type { RuleId } from '../prompts/types';

/** The document's markings: V, S and DERIVED (simple arithmetic on numbers it quotes). */
export type NumberStatus = 'VERIFIED' | 'SECONDARY' | 'DERIVED';

/** Words in both app languages. */
export interface Words {
  en: string;
  es: string;
}

export interface Citation {
  /** The source as the document names it, with where in it the number was read. */
  text: string;
  url?: string;
  /** For SECONDARY numbers: who quoted the primary source (a name, or words to translate). */
  reportedBy?: string | Words;
}

/** One group's count, e.g. "10 out of 100 over 5 years". */
export interface Arm {
  /** The aid's option the count is for; absent when the source gives one group only. */
  option?: string;
  per: 100 | 1000;
  count: number;
  status: NumberStatus;
  /** For DERIVED counts: the status of the numbers they were computed from. */
  basis?: 'VERIFIED' | 'SECONDARY';
  /** The figure as the document writes it. */
  asWritten: string;
  /** The text alternative: the number and its conditions as the document states them. */
  sentence: Words;
}

/**
 * What the number is: a count of people over a stated time (the only shape that may be drawn),
 * a rate per year, a relative measure (RR, OR, NNT/NNH), a standardised difference, or a number of
 * another kind (minutes, prevalence, per procedure).
 */
export type OutcomeShape = 'count' | 'rate-per-year' | 'relative' | 'standardised' | 'other';

export interface Outcome {
  id: string;
  shape: OutcomeShape;
  /** The weakest status among the numbers in `text`. */
  status: NumberStatus;
  basis?: 'VERIFIED' | 'SECONDARY';
  /** A newer source replaced it: shown as text, never drawn. */
  superseded?: boolean;
  /** Whether the marked figures were helped or harmed. */
  mark?: 'helped' | 'harmed';
  /** Legend for the marked figures. */
  label: Words;
  /** Legend for the other figures. */
  rest?: Words;
  /** Plain words, as the document states the time; required for a figure. */
  timeFrame?: Words;
  arms?: Arm[];
  /** The numbers as text, as the document gives them. */
  text: Words;
  source: Citation;
  /** Ages the numbers are for, when they differ from the aid's. */
  ages?: AgeRange;
}

export interface AgeRange {
  min?: number;
  max?: number;
  /** "men", "women", "people" — who the range is about, in the sentence that says it. */
  who: Words;
}

export const AID_IDS = [
  'statin-secondary',
  'antiplatelet-stroke',
  'colorectal-screening',
  'psa-70',
  'hba1c-intensive',
  'bp-intensive',
  'sleeping-pills',
  'back-imaging',
  'antibiotics-bronchitis',
  'advance-care-planning',
] as const;
export type AidId = (typeof AID_IDS)[number];

export interface DecisionAid {
  id: AidId;
  /** The prompt rules whose decision this is. */
  rules: readonly RuleId[];
  /** Where in clinical/decision-aids.md. */
  section: string;
  title: Words;
  /** Who the numbers are about, in plain words. */
  population: Words;
  ages?: AgeRange;
  /** Options compared side by side (A, then B). */
  options: readonly { id: string; label: Words }[];
  /** The document's plain-language line, unchanged. */
  plain: Words;
  outcomes: readonly Outcome[];
  /** What the document says was not found. */
  notFound: readonly Words[];
  /** The document's caveats that change what the numbers mean. */
  caveats: readonly Words[];
}

/** The PSA figures' only source that could be read (decision-aids.md §4). */
const EXTRACTION: Words = {
  en: 'a verbatim extraction in a public repository (threshold sheet, uspstf-2018)',
  es: 'una extracción literal en un repositorio público (threshold sheet, uspstf-2018)',
};
const PEOPLE: Words = { en: 'people', es: 'personas' };
const MEN: Words = { en: 'men', es: 'hombres' };

export const AIDS: readonly DecisionAid[] = [
  {
    id: 'statin-secondary',
    rules: ['R1'],
    section: '§1',
    title: {
      en: 'A statin for heart or artery disease',
      es: 'Una estatina para la enfermedad del corazón o las arterias',
    },
    population: {
      en: 'People who already have heart or artery disease, over 5 years.',
      es: 'Personas que ya tienen una enfermedad del corazón o las arterias, durante 5 años.',
    },
    options: [],
    plain: {
      en: 'If 100 people with heart disease take a statin for 5 years, about 10 of them will avoid a heart attack, stroke or artery operation.',
      es: 'Si 100 personas con enfermedad del corazón toman una estatina durante 5 años, unas 10 evitarán un infarto, un derrame cerebral o una operación de las arterias.',
    },
    outcomes: [
      {
        id: 'major-vascular-events',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'helped',
        label: {
          en: 'Avoid a heart attack, stroke or artery operation',
          es: 'Evitan un infarto, un derrame cerebral o una operación de las arterias',
        },
        rest: { en: 'Nothing changes', es: 'No cambia nada' },
        timeFrame: { en: 'over 5 years', es: 'durante 5 años' },
        arms: [
          {
            per: 100,
            count: 10,
            status: 'VERIFIED',
            asWritten: 'about 10 per 100 (1,000 per 10,000)',
            sentence: {
              en: 'If 100 people with heart disease take a statin for 5 years, about 10 of them will avoid a heart attack, stroke or artery operation.',
              es: 'Si 100 personas con enfermedad del corazón toman una estatina durante 5 años, unas 10 evitarán un infarto, un derrame cerebral o una operación de las arterias.',
            },
          },
        ],
        text: {
          en: 'Major vascular events avoided: about 10 per 100 over 5 years, for an LDL drop of 2 mmol/L (for example atorvastatin 40 mg).',
          es: 'Eventos vasculares graves evitados: unos 10 de cada 100 en 5 años, con una bajada del LDL de 2 mmol/L (por ejemplo, atorvastatina 40 mg).',
        },
        source: {
          text: 'Collins et al., Lancet 2016;388:2532 (Summary)',
          url: 'https://www.natap.org/2016/HIV/010917_02.htm',
        },
      },
      {
        id: 'muscle-symptoms-blinded',
        // The document gives no time frame for these two percentages, so they stay text.
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Muscle pain or weakness', es: 'Dolor o debilidad muscular' },
        text: {
          en: 'Muscle pain or weakness in blinded trials: 27.1% with a statin and 26.6% without (RR 1.03).',
          es: 'Dolor o debilidad muscular en ensayos ciegos: 27.1% con estatina y 26.6% sin ella (RR 1.03).',
        },
        source: { text: 'CTT, Lancet 2022;400:832 (abstract)', url: 'https://www.thelancet.com' },
      },
      {
        id: 'muscle-symptoms-year-1',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Extra muscle symptoms', es: 'Síntomas musculares de más' },
        text: {
          en: 'Extra muscle symptoms caused by the statin: 11 (6–16) per 1,000 person-years in year 1.',
          es: 'Síntomas musculares de más causados por la estatina: 11 (6–16) por 1,000 personas-año en el primer año.',
        },
        source: { text: 'CTT, Lancet 2022;400:832 (abstract)' },
      },
      {
        id: 'muscle-after-year-1',
        shape: 'other',
        status: 'SECONDARY',
        label: { en: 'Muscle symptoms after year 1', es: 'Síntomas musculares después del primer año' },
        text: {
          en: 'No significant excess of muscle symptoms after year 1.',
          es: 'Ningún exceso importante de síntomas musculares después del primer año.',
        },
        source: { text: 'CTT, Lancet 2022;400:832', reportedBy: 'physiciansweekly.com' },
      },
      {
        id: 'major-vascular-events-ctt-quote',
        shape: 'count',
        status: 'SECONDARY',
        label: { en: 'Major vascular events avoided', es: 'Eventos vasculares graves evitados' },
        text: {
          en: 'Major vascular events avoided: 50 per 1,000.',
          es: 'Eventos vasculares graves evitados: 50 de cada 1,000.',
        },
        source: {
          text: 'Baigent, CTT press quote, ESC 2022',
          reportedBy: 'practicalcardiology.com; hcplive.com',
        },
      },
      {
        id: 'new-diabetes',
        shape: 'count',
        status: 'SECONDARY',
        label: { en: 'New diabetes', es: 'Diabetes nueva' },
        text: {
          en: 'New diabetes: 50–100 per 10,000 (0.5–1 per 100).',
          es: 'Diabetes nueva: 50–100 de cada 10,000 (0.5–1 de cada 100).',
        },
        source: { text: 'Collins et al., Lancet 2016;388:2532', reportedBy: 'medworm.com news' },
      },
      {
        id: 'myopathy-haemorrhagic-stroke',
        shape: 'count',
        status: 'SECONDARY',
        label: { en: 'Myopathy and bleeding stroke', es: 'Miopatía y derrame cerebral con sangrado' },
        text: {
          en: 'Myopathy: 5 per 10,000. Haemorrhagic stroke: 5–10 per 10,000.',
          es: 'Miopatía: 5 de cada 10,000. Derrame cerebral hemorrágico: 5–10 de cada 10,000.',
        },
        source: { text: 'Collins et al., Lancet 2016;388:2532', reportedBy: 'medworm.com news' },
      },
      {
        id: 'more-vs-less-intensive',
        shape: 'relative',
        status: 'VERIFIED',
        label: { en: 'More vs less intensive statin', es: 'Estatina más intensa o menos intensa' },
        text: {
          en: 'More vs less intensive statin: a further 15% relative reduction in major vascular events (5 trials, 5.1 years).',
          es: 'Estatina más intensa o menos intensa: un 15% relativo menos de eventos vasculares graves (5 ensayos, 5.1 años).',
        },
        source: {
          text: 'CTT, Lancet 2010 (abstract)',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC2988224/',
        },
      },
    ],
    notFound: [
      {
        en: 'The absolute benefit of a high-intensity over a moderate-intensity statin.',
        es: 'El beneficio absoluto de una estatina de alta intensidad frente a una de intensidad moderada.',
      },
    ],
    caveats: [
      {
        en: 'The 10 in 100 assumes the statin lowers LDL by 2 mmol/L. A smaller drop gives less benefit.',
        es: 'Los 10 de cada 100 suponen que la estatina baja el LDL 2 mmol/L. Una bajada menor da menos beneficio.',
      },
    ],
  },
  {
    id: 'antiplatelet-stroke',
    rules: ['R2'],
    section: '§2',
    title: {
      en: 'An antiplatelet drug after a stroke or TIA',
      es: 'Un antiagregante después de un derrame cerebral o un AIT',
    },
    population: {
      en: 'People who have had a stroke or a mini-stroke (TIA), over 2 years.',
      es: 'Personas que han tenido un derrame cerebral o un mini derrame (AIT), durante 2 años.',
    },
    options: [],
    plain: {
      en: 'If 1,000 people who have had a stroke take aspirin for 2 years, about 36 of them avoid another stroke, heart attack or vascular death. A few will have a serious bleed.',
      es: 'Si 1,000 personas que han tenido un derrame cerebral toman aspirina durante 2 años, unas 36 evitan otro derrame, un infarto o una muerte vascular. Unas pocas tendrán un sangrado grave.',
    },
    outcomes: [
      {
        id: 'serious-vascular-events',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'helped',
        label: {
          en: 'Avoid another stroke, heart attack or vascular death',
          es: 'Evitan otro derrame, un infarto o una muerte vascular',
        },
        rest: { en: 'Nothing changes', es: 'No cambia nada' },
        timeFrame: { en: 'over 2 years', es: 'durante 2 años' },
        arms: [
          {
            per: 1000,
            count: 36,
            status: 'VERIFIED',
            asWritten: '36 (SE 6) per 1,000 treated for 2 years',
            sentence: {
              en: 'If 1,000 people who have had a stroke take aspirin for 2 years, about 36 of them avoid another stroke, heart attack or vascular death.',
              es: 'Si 1,000 personas que han tenido un derrame cerebral toman aspirina durante 2 años, unas 36 evitan otro derrame, un infarto o una muerte vascular.',
            },
          },
        ],
        text: {
          en: 'Serious vascular events avoided after a stroke or TIA: 36 (SE 6) per 1,000 treated for 2 years.',
          es: 'Eventos vasculares graves evitados tras un derrame o un AIT: 36 (EE 6) de cada 1,000 tratadas durante 2 años.',
        },
        source: {
          text: "Antithrombotic Trialists' Collaboration, BMJ 2002;324:71 (abstract)",
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC64503/',
        },
      },
      {
        id: 'serious-vascular-events-per-year',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Serious vascular events each year', es: 'Eventos vasculares graves cada año' },
        text: {
          en: 'Serious vascular events with aspirin in all secondary-prevention trials: 6.7% per year, against 8.2% per year without.',
          es: 'Eventos vasculares graves con aspirina en todos los ensayos de prevención secundaria: 6.7% al año, frente a 8.2% al año sin ella.',
        },
        source: { text: "Antithrombotic Trialists' Collaboration, Lancet 2009;373:1849 (abstract)" },
      },
      {
        id: 'any-stroke-per-year',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Any stroke each year', es: 'Cualquier derrame cerebral cada año' },
        text: {
          en: 'Any stroke: 2.08% per year with aspirin, against 2.54% per year without.',
          es: 'Cualquier derrame cerebral: 2.08% al año con aspirina, frente a 2.54% al año sin ella.',
        },
        source: { text: "Antithrombotic Trialists' Collaboration, Lancet 2009;373:1849 (abstract)" },
      },
      {
        id: 'severe-bleeds',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Fatal or severe bleeds', es: 'Sangrados graves o mortales' },
        text: {
          en: 'Fatal or severe bleeds with aspirin after TIA or stroke: an excess of 0.4–0.6 per 100 treatment-years, while 1–2 vascular events per 100 treatment-years were prevented.',
          es: 'Sangrados graves o mortales con aspirina tras un AIT o un derrame: 0.4–0.6 de más por cada 100 años de tratamiento, mientras se evitaban 1–2 eventos vasculares por cada 100 años de tratamiento.',
        },
        source: { text: 'Boysen, J Intern Med 1999;246:239 (abstract)' },
      },
      {
        id: 'haemorrhagic-stroke',
        shape: 'other',
        status: 'SECONDARY',
        label: { en: 'Bleeding strokes', es: 'Derrames cerebrales con sangrado' },
        text: {
          en: 'Haemorrhagic stroke: 36 events with aspirin and 19 without, in 43,000 person-years (not statistically significant).',
          es: 'Derrame cerebral hemorrágico: 36 casos con aspirina y 19 sin ella, en 43,000 personas-año (sin significación estadística).',
        },
        source: {
          text: "Antithrombotic Trialists' Collaboration, Lancet 2009",
          reportedBy: 'J Gen Fam Med 2017, Table 3 (PMC5729386)',
        },
      },
    ],
    notFound: [
      {
        en: 'Numbers for clopidogrel on its own.',
        es: 'Cifras para el clopidogrel por sí solo.',
      },
      {
        en: 'Major bleeding per 1,000 people each year in the stroke and heart trials.',
        es: 'Sangrados graves por cada 1,000 personas al año en los ensayos de derrame e infarto.',
      },
    ],
    caveats: [
      {
        en: 'The 2009 yearly rates mix people after a heart attack and after a stroke.',
        es: 'Las tasas anuales de 2009 mezclan a personas después de un infarto y después de un derrame.',
      },
    ],
  },
  {
    id: 'colorectal-screening',
    rules: ['R8a', 'R8b'],
    section: '§3',
    title: {
      en: 'Colon cancer screening: colonoscopy or a stool test (FIT)',
      es: 'Detección del cáncer de colon: colonoscopia o prueba de heces (FIT)',
    },
    population: {
      en: 'People aged 50 to 79 with an average (3%) risk of colon cancer, over 15 years.',
      es: 'Personas de 50 a 79 años con un riesgo medio (3%) de cáncer de colon, durante 15 años.',
    },
    ages: { min: 50, max: 79, who: PEOPLE },
    options: [
      { id: 'colonoscopy', label: { en: 'One colonoscopy', es: 'Una colonoscopia' } },
      { id: 'fit', label: { en: 'Stool test (FIT)', es: 'Prueba de heces (FIT)' } },
    ],
    plain: {
      en: 'If 1,000 people aged 50 to 79 get screened, about 6 fewer will die of colon cancer over 15 years, and about 3 to 5 will have a serious problem from the tests.',
      es: 'Si 1,000 personas de 50 a 79 años se hacen la prueba, unas 6 menos morirán de cáncer de colon en 15 años, y unas 3 a 5 tendrán un problema grave por las pruebas.',
    },
    outcomes: [
      {
        id: 'crc-deaths-avoided',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'helped',
        label: { en: 'Do not die of colon cancer', es: 'No mueren de cáncer de colon' },
        rest: { en: 'Nothing changes', es: 'No cambia nada' },
        timeFrame: { en: 'over 15 years', es: 'durante 15 años' },
        arms: [
          {
            option: 'colonoscopy',
            per: 1000,
            count: 6,
            status: 'VERIFIED',
            asWritten: '6 (single colonoscopy)',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 have one colonoscopy, 6 fewer die of colon cancer over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen una colonoscopia, 6 menos mueren de cáncer de colon en 15 años.',
            },
          },
          {
            option: 'fit',
            per: 1000,
            count: 6,
            status: 'VERIFIED',
            asWritten: '6 (annual FIT)',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 do a stool test (FIT) every year, 6 fewer die of colon cancer over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen la prueba de heces (FIT) cada año, 6 menos mueren de cáncer de colon en 15 años.',
            },
          },
        ],
        text: {
          en: 'Colon cancer deaths avoided per 1,000 over 15 years: 6 with one colonoscopy, 6 with a yearly FIT, 5 with a FIT every 2 years.',
          es: 'Muertes por cáncer de colon evitadas por cada 1,000 en 15 años: 6 con una colonoscopia, 6 con FIT cada año, 5 con FIT cada 2 años.',
        },
        source: { text: 'Buskermolen, BMJ 2019 (abstract, UWA repository)' },
      },
      {
        id: 'crc-cases-avoided',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'helped',
        label: { en: 'Do not get colon cancer', es: 'No tienen cáncer de colon' },
        rest: { en: 'Nothing changes', es: 'No cambia nada' },
        timeFrame: { en: 'over 15 years', es: 'durante 15 años' },
        arms: [
          {
            option: 'colonoscopy',
            per: 1000,
            count: 10,
            status: 'VERIFIED',
            asWritten: '10',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 have one colonoscopy, 10 fewer get colon cancer over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen una colonoscopia, 10 menos tienen cáncer de colon en 15 años.',
            },
          },
          {
            option: 'fit',
            per: 1000,
            count: 4,
            status: 'VERIFIED',
            asWritten: '4 (annual)',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 do a stool test (FIT) every year, 4 fewer get colon cancer over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen la prueba de heces (FIT) cada año, 4 menos tienen cáncer de colon en 15 años.',
            },
          },
        ],
        text: {
          en: 'Colon cancers avoided per 1,000 over 15 years: 10 with one colonoscopy, 4 with a yearly FIT, 1 with a FIT every 2 years.',
          es: 'Cánceres de colon evitados por cada 1,000 en 15 años: 10 con una colonoscopia, 4 con FIT cada año, 1 con FIT cada 2 años.',
        },
        source: { text: 'Buskermolen, BMJ 2019 (abstract, UWA repository)' },
      },
      {
        id: 'serious-harms',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'harmed',
        label: {
          en: 'Have a serious problem from the tests',
          es: 'Tienen un problema grave por las pruebas',
        },
        rest: { en: 'No serious problem', es: 'Ningún problema grave' },
        timeFrame: { en: 'over 15 years', es: 'durante 15 años' },
        arms: [
          {
            option: 'colonoscopy',
            per: 1000,
            count: 5,
            status: 'VERIFIED',
            asWritten: '5',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 have one colonoscopy, 5 have a serious problem from the tests over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen una colonoscopia, 5 tienen un problema grave por las pruebas en 15 años.',
            },
          },
          {
            option: 'fit',
            per: 1000,
            count: 3,
            status: 'VERIFIED',
            // The document gives this harm for a FIT every 2 years, not every year: the sentence says so.
            asWritten: '3 (FIT every 2 years)',
            sentence: {
              en: 'If 1,000 people aged 50 to 79 do a stool test (FIT) every 2 years, 3 have a serious problem from the tests over 15 years.',
              es: 'Si 1,000 personas de 50 a 79 años se hacen la prueba de heces (FIT) cada 2 años, 3 tienen un problema grave por las pruebas en 15 años.',
            },
          },
        ],
        text: {
          en: 'Serious harms per 1,000 over 15 years: 5 with one colonoscopy, 3 with a FIT every 2 years.',
          es: 'Daños graves por cada 1,000 en 15 años: 5 con una colonoscopia, 3 con FIT cada 2 años.',
        },
        source: { text: 'Buskermolen, BMJ 2019 (abstract, UWA repository)' },
      },
      {
        id: 'colonoscopy-complications',
        // Per 1,000 colonoscopies, not per 1,000 people over a stated time.
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Problems from a colonoscopy', es: 'Problemas por una colonoscopia' },
        text: {
          en: 'Per 1,000 colonoscopies after a positive FIT: perforation 1.9; bleeding needing hospital 3.2; any event needing hospital 11.9.',
          es: 'Por cada 1,000 colonoscopias tras un FIT positivo: perforación 1.9; sangrado con ingreso 3.2; cualquier problema con ingreso 11.9.',
        },
        source: { text: 'Denis, Endosc Int Open 2021 (abstract, thieme-connect)' },
      },
      {
        id: 'life-years-colonoscopies',
        shape: 'other',
        status: 'SECONDARY',
        label: { en: 'Life-years and colonoscopies', es: 'Años de vida y colonoscopias' },
        text: {
          en: 'Per 1,000 people screened from 45 to 75: 429 life-years gained and 5,646 colonoscopies with colonoscopy every 10 years; 403 and 2,698 with a yearly FIT; 376 and 2,640 with a stool DNA test every 3 years.',
          es: 'Por cada 1,000 personas con pruebas de 45 a 75 años: 429 años de vida ganados y 5,646 colonoscopias con colonoscopia cada 10 años; 403 y 2,698 con FIT cada año; 376 y 2,640 con prueba de ADN en heces cada 3 años.',
        },
        source: {
          text: 'World J Gastroenterol 2019, ref. 27',
          reportedBy: 'World J Gastroenterol 2019, Table 1 (PMC6558439)',
        },
      },
    ],
    notFound: [
      {
        en: 'The USPSTF 2021 per-1,000 numbers (cases, deaths, life-years, colonoscopies, harms).',
        es: 'Las cifras por cada 1,000 de la USPSTF 2021 (casos, muertes, años de vida, colonoscopias, daños).',
      },
      {
        en: 'Per-1,000 numbers for people aged 76 to 85 and over 85.',
        es: 'Cifras por cada 1,000 para personas de 76 a 85 años y de más de 85.',
      },
      { en: 'Harms of the stool DNA test.', es: 'Los daños de la prueba de ADN en heces.' },
    ],
    caveats: [
      {
        en: 'The life-year and colonoscopy numbers come from a computer model whose source is not confirmed.',
        es: 'Las cifras de años de vida y de colonoscopias vienen de un modelo por computadora cuya fuente no está confirmada.',
      },
      {
        en: 'The model assumes everyone does every test, in a Norwegian population.',
        es: 'El modelo supone que todos se hacen todas las pruebas, en una población noruega.',
      },
      {
        en: 'Screening is graded A from 50 to 75 and B from 45 to 49. From 76 to 85 it is offered only to some people (C), because the net benefit for all is small (USPSTF 2021).',
        es: 'La detección tiene grado A de 50 a 75 años y B de 45 a 49. De 76 a 85 solo se ofrece a algunas personas (C), porque el beneficio neto para todos es pequeño (USPSTF 2021).',
      },
    ],
  },
  {
    id: 'psa-70',
    rules: ['R9a'],
    section: '§4',
    title: { en: 'PSA tests for prostate cancer', es: 'Pruebas de PSA para el cáncer de próstata' },
    population: {
      en: 'Men aged 55 to 69 invited to PSA tests, over 13 years.',
      es: 'Hombres de 55 a 69 años invitados a hacerse la prueba de PSA, durante 13 años.',
    },
    ages: { min: 55, max: 69, who: MEN },
    options: [],
    plain: {
      en: 'If 1,000 men aged 55 to 69 get PSA tests for 13 years, about 1 fewer dies of prostate cancer, but 50 get sex problems and 15 leak urine from treatment.',
      es: 'Si 1,000 hombres de 55 a 69 años se hacen la prueba de PSA durante 13 años, más o menos 1 menos muere de cáncer de próstata, pero 50 tienen problemas sexuales y 15 pierden orina por el tratamiento.',
    },
    outcomes: [
      {
        id: 'psa-benefits',
        shape: 'count',
        status: 'SECONDARY',
        mark: 'helped',
        label: {
          en: 'Avoid spread or death from prostate cancer',
          es: 'Evitan la extensión o la muerte por cáncer de próstata',
        },
        timeFrame: { en: 'over 13 years', es: 'durante 13 años' },
        text: {
          en: 'Per 1,000 men aged 55 to 69 over 13 years: 3 avoid cancer that spreads and 1.3 avoid death from prostate cancer; 5 still die of it and 200 die of other causes.',
          es: 'Por cada 1,000 hombres de 55 a 69 años en 13 años: 3 evitan un cáncer que se extiende y 1.3 evitan morir de cáncer de próstata; 5 mueren de él igualmente y 200 mueren por otras causas.',
        },
        source: {
          text: 'USPSTF 2018, p.11 table and p.2',
          reportedBy: EXTRACTION,
        },
      },
      {
        id: 'psa-harms',
        shape: 'count',
        status: 'SECONDARY',
        mark: 'harmed',
        label: { en: 'Harms of testing and treatment', es: 'Daños de las pruebas y el tratamiento' },
        timeFrame: { en: 'over 13 years', es: 'durante 13 años' },
        text: {
          en: 'Per 1,000 men aged 55 to 69 over 13 years: 240 have a positive PSA, 220 a biopsy, 2 a hospital stay for a biopsy problem, 100 a cancer diagnosis, 65 surgery or radiation; 50 get sex problems and 15 leak urine after treatment.',
          es: 'Por cada 1,000 hombres de 55 a 69 años en 13 años: 240 tienen un PSA positivo, 220 una biopsia, 2 un ingreso por un problema de la biopsia, 100 un diagnóstico de cáncer, 65 cirugía o radiación; 50 tienen problemas sexuales y 15 pierden orina tras el tratamiento.',
        },
        source: {
          text: 'USPSTF 2018, p.11 table',
          reportedBy: EXTRACTION,
        },
      },
      {
        id: 'psa-overdiagnosis',
        shape: 'other',
        status: 'SECONDARY',
        label: { en: 'Overdiagnosis', es: 'Sobrediagnóstico' },
        text: {
          en: 'Overdiagnosis: 20–50% of cancers found by screening, highest at age 70 or over. False positives in the first round: 20.6% over age 70, against 3.5% under 55.',
          es: 'Sobrediagnóstico: 20–50% de los cánceres hallados con la prueba, más alto a partir de los 70 años. Falsos positivos en la primera ronda: 20.6% después de los 70, frente a 3.5% antes de los 55.',
        },
        source: {
          text: 'USPSTF 2018, p.3 and p.10 (ERSPC trial)',
          reportedBy: EXTRACTION,
        },
      },
      {
        id: 'psa-2012',
        shape: 'count',
        status: 'VERIFIED',
        superseded: true,
        label: { en: 'Older USPSTF table (2012)', es: 'Tabla antigua de la USPSTF (2012)' },
        text: {
          en: 'Older table (2012, replaced in 2018), per 1,000 men aged 55 to 69 tested every 1–4 years for 10 years: 0–1 deaths avoided; 100–120 false positives; 110 diagnosed; 29 erection problems; 18 leak urine.',
          es: 'Tabla antigua (2012, sustituida en 2018), por cada 1,000 hombres de 55 a 69 años con pruebas cada 1–4 años durante 10 años: 0–1 muertes evitadas; 100–120 falsos positivos; 110 diagnosticados; 29 problemas de erección; 18 pierden orina.',
        },
        source: {
          text: 'USPSTF 2012, prostate cancer screening final recommendation table',
          url: 'https://www.uspreventiveservicestaskforce.org/prostatecancerscreening/prostatefinalrstab.htm',
        },
      },
    ],
    notFound: [{ en: 'Numbers for men aged 70 or over.', es: 'Cifras para hombres de 70 años o más.' }],
    caveats: [
      {
        en: 'From 70, the harms are at least moderate and greater than in younger men: more false alarms, more biopsy problems and more treatment problems (USPSTF 2018, reported by the same extraction).',
        es: 'A partir de los 70, los daños son al menos moderados y mayores que en hombres más jóvenes: más falsas alarmas, más problemas por biopsias y más problemas por el tratamiento (USPSTF 2018, según la misma extracción).',
      },
    ],
  },
  {
    id: 'hba1c-intensive',
    rules: ['R4'],
    section: '§6',
    title: { en: 'A very low blood sugar target', es: 'Una meta de azúcar en sangre muy baja' },
    population: {
      en: 'Older adults with type 2 diabetes, in trials that lasted a few years.',
      es: 'Adultos mayores con diabetes tipo 2, en ensayos de unos pocos años.',
    },
    options: [],
    plain: {
      en: 'Aiming for very low blood sugar made about 3 more out of 100 older people each year have a bad low-sugar episode, and it did not help them live longer.',
      es: 'Buscar un azúcar muy bajo hizo que unas 3 personas mayores más de cada 100 tuvieran cada año una bajada de azúcar grave, y no les ayudó a vivir más.',
    },
    outcomes: [
      {
        id: 'severe-hypo-65',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Severe low blood sugar, 65 and over', es: 'Bajada grave de azúcar, 65 años o más' },
        text: {
          en: 'Severe low blood sugar in ACCORD, age 65 or over: 4.45 per 100 per year with the intensive target, 1.36 with the standard one (under 65: 2.45 and 0.80).',
          es: 'Bajada grave de azúcar en ACCORD, 65 años o más: 4.45 por cada 100 al año con la meta intensiva, 1.36 con la estándar (menores de 65: 2.45 y 0.80).',
        },
        source: {
          text: 'Miller, Diabetes Care 2014 (abstract)',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC3931381/',
        },
      },
      {
        id: 'death-accord',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Death and heart attacks', es: 'Muerte e infartos' },
        text: {
          en: 'In ACCORD, per 100 per year: death 1.41 with the intensive target and 1.14 with the standard one; non-fatal heart attack 1.11 and 1.45.',
          es: 'En ACCORD, por cada 100 al año: muerte 1.41 con la meta intensiva y 1.14 con la estándar; infarto no mortal 1.11 y 1.45.',
        },
        source: {
          text: 'ACCORD, NEJM 2008, Table 4',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4551392/',
        },
      },
      {
        id: 'advance',
        shape: 'count',
        status: 'SECONDARY',
        label: { en: 'ADVANCE trial, 5 years', es: 'Ensayo ADVANCE, 5 años' },
        text: {
          en: 'ADVANCE, over 5 years, intensive against standard: major small-vessel problems 9.4% and 10.9%; kidney disease 4.1% and 5.2%; severe low blood sugar 2.7% and 1.5%.',
          es: 'ADVANCE, en 5 años, intensiva frente a estándar: problemas graves de vasos pequeños 9.4% y 10.9%; enfermedad del riñón 4.1% y 5.2%; bajada grave de azúcar 2.7% y 1.5%.',
        },
        source: { text: 'ADVANCE, NEJM 2008', reportedBy: 'endocrineweb summary; medsummariesweekly.com' },
      },
    ],
    notFound: [
      {
        en: 'VADT numbers, and numbers for a target below 7% against below 8%.',
        es: 'Cifras del VADT, y cifras para una meta por debajo de 7% frente a por debajo de 8%.',
      },
    ],
    caveats: [
      {
        en: 'ACCORD compared a target below 6.0% with 7.0–7.9%, not below 7% with below 8%.',
        es: 'ACCORD comparó una meta por debajo de 6.0% con 7.0–7.9%, no por debajo de 7% con por debajo de 8%.',
      },
    ],
  },
  {
    id: 'bp-intensive',
    rules: ['R5'],
    section: '§7',
    title: { en: 'Lowering blood pressure more', es: 'Bajar más la presión arterial' },
    population: {
      en: 'People aged 75 or older in the SPRINT trial, over about 3 years.',
      es: 'Personas de 75 años o más en el ensayo SPRINT, durante unos 3 años.',
    },
    ages: { min: 75, who: PEOPLE },
    options: [
      { id: 'intensive', label: { en: 'Lower target', es: 'Meta más baja' } },
      { id: 'standard', label: { en: 'Usual target', es: 'Meta habitual' } },
    ],
    plain: {
      en: 'Lowering blood pressure more helped about 3 or 4 out of 100 people aged 75 or older avoid a heart attack, stroke or heart failure over 3 years. A few more got dizzy or had kidney problems.',
      es: 'Bajar más la presión ayudó a unas 3 o 4 de cada 100 personas de 75 años o más a evitar un infarto, un derrame cerebral o una insuficiencia cardíaca en 3 años. Unas pocas más se marearon o tuvieron problemas de riñón.',
    },
    outcomes: [
      {
        id: 'sprint-75-events',
        shape: 'count',
        status: 'DERIVED',
        basis: 'VERIFIED',
        mark: 'harmed',
        label: {
          en: 'Have a heart attack, stroke, heart failure or heart death',
          es: 'Tienen un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca',
        },
        rest: { en: 'Do not', es: 'No lo tienen' },
        timeFrame: { en: 'over about 3 years', es: 'durante unos 3 años' },
        arms: [
          {
            option: 'intensive',
            per: 1000,
            count: 77,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '102 events / 1,317 (≈7.7 per 100, DERIVED)',
            sentence: {
              en: 'Of 1,000 people aged 75 or older with the lower blood pressure target, about 77 had a heart attack, stroke, heart failure or heart death over about 3 years.',
              es: 'De 1,000 personas de 75 años o más con la meta de presión más baja, unas 77 tuvieron un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca en unos 3 años.',
            },
          },
          {
            option: 'standard',
            per: 1000,
            count: 112,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '148 / 1,319 (≈11.2 per 100, DERIVED)',
            sentence: {
              en: 'Of 1,000 people aged 75 or older with the usual blood pressure target, about 112 had a heart attack, stroke, heart failure or heart death over about 3 years.',
              es: 'De 1,000 personas de 75 años o más con la meta de presión habitual, unas 112 tuvieron un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca en unos 3 años.',
            },
          },
        ],
        text: {
          en: 'SPRINT, age 75 or over, main heart and stroke events over a median 3.14 years: 102 of 1,317 (about 7.7 per 100) with the lower target, 148 of 1,319 (about 11.2 per 100) with the usual one.',
          es: 'SPRINT, 75 años o más, principales eventos de corazón y derrame en una mediana de 3.14 años: 102 de 1,317 (unos 7.7 de cada 100) con la meta más baja, 148 de 1,319 (unos 11.2 de cada 100) con la habitual.',
        },
        source: { text: 'Williamson, JAMA 2016 (PubMed abstract)' },
      },
      {
        id: 'step-events',
        shape: 'count',
        status: 'DERIVED',
        basis: 'VERIFIED',
        mark: 'harmed',
        label: {
          en: 'Have a heart attack, stroke, heart failure or heart death',
          es: 'Tienen un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca',
        },
        rest: { en: 'Do not', es: 'No lo tienen' },
        timeFrame: { en: 'over about 3 years', es: 'durante unos 3 años' },
        ages: { min: 60, max: 80, who: PEOPLE },
        arms: [
          {
            option: 'intensive',
            per: 1000,
            count: 35,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '147 / 4,243 (3.5%)',
            sentence: {
              en: 'In the STEP trial, of 1,000 people aged 60 to 80 with the lower target, about 35 had a heart attack, stroke, heart failure or heart death over about 3 years.',
              es: 'En el ensayo STEP, de 1,000 personas de 60 a 80 años con la meta más baja, unas 35 tuvieron un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca en unos 3 años.',
            },
          },
          {
            option: 'standard',
            per: 1000,
            count: 46,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '196 / 4,268 (4.6%)',
            sentence: {
              en: 'In the STEP trial, of 1,000 people aged 60 to 80 with the usual target, about 46 had a heart attack, stroke, heart failure or heart death over about 3 years.',
              es: 'En el ensayo STEP, de 1,000 personas de 60 a 80 años con la meta habitual, unas 46 tuvieron un infarto, un derrame, una insuficiencia cardíaca o una muerte cardíaca en unos 3 años.',
            },
          },
        ],
        text: {
          en: 'STEP, ages 60 to 80, main heart events over a median 3.34 years: 147 of 4,243 (3.5%) with the lower target, 196 of 4,268 (4.6%) with the usual one.',
          es: 'STEP, de 60 a 80 años, principales eventos de corazón en una mediana de 3.34 años: 147 de 4,243 (3.5%) con la meta más baja, 196 de 4,268 (4.6%) con la habitual.',
        },
        source: { text: 'Zhang, NEJM 2021 (abstract, scholars.mssm.edu)' },
      },
      {
        id: 'sprint-hypotension',
        shape: 'count',
        status: 'DERIVED',
        basis: 'VERIFIED',
        mark: 'harmed',
        label: { en: 'Have serious low blood pressure', es: 'Tienen la presión muy baja (grave)' },
        rest: { en: 'Do not', es: 'No la tienen' },
        timeFrame: { en: 'over about 3 years', es: 'durante unos 3 años' },
        ages: { min: 50, who: PEOPLE },
        arms: [
          {
            option: 'intensive',
            per: 1000,
            count: 21,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '2.1%',
            sentence: {
              en: 'In SPRINT (all ages from 50), of 1,000 people with the lower target, about 21 had serious low blood pressure over about 3 years.',
              es: 'En SPRINT (todas las edades desde 50), de 1,000 personas con la meta más baja, unas 21 tuvieron la presión muy baja (grave) en unos 3 años.',
            },
          },
          {
            option: 'standard',
            per: 1000,
            count: 12,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '1.2%',
            sentence: {
              en: 'In SPRINT (all ages from 50), of 1,000 people with the usual target, about 12 had serious low blood pressure over about 3 years.',
              es: 'En SPRINT (todas las edades desde 50), de 1,000 personas con la meta habitual, unas 12 tuvieron la presión muy baja (grave) en unos 3 años.',
            },
          },
        ],
        text: {
          en: 'SPRINT, all ages: serious low blood pressure 2.1% with the lower target and 1.2% with the usual one.',
          es: 'SPRINT, todas las edades: presión muy baja (grave) 2.1% con la meta más baja y 1.2% con la habitual.',
        },
        source: {
          text: 'SPRINT final report, NEJM 2021, Table 3',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9907774/',
        },
      },
      {
        id: 'sprint-kidney',
        shape: 'count',
        status: 'DERIVED',
        basis: 'VERIFIED',
        mark: 'harmed',
        label: { en: 'Have serious sudden kidney injury', es: 'Tienen un daño grave y repentino del riñón' },
        rest: { en: 'Do not', es: 'No lo tienen' },
        timeFrame: { en: 'over about 3 years', es: 'durante unos 3 años' },
        ages: { min: 50, who: PEOPLE },
        arms: [
          {
            option: 'intensive',
            per: 1000,
            count: 41,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '4.1%',
            sentence: {
              en: 'In SPRINT (all ages from 50), of 1,000 people with the lower target, about 41 had serious sudden kidney injury over about 3 years.',
              es: 'En SPRINT (todas las edades desde 50), de 1,000 personas con la meta más baja, unas 41 tuvieron un daño grave y repentino del riñón en unos 3 años.',
            },
          },
          {
            option: 'standard',
            per: 1000,
            count: 25,
            status: 'DERIVED',
            basis: 'VERIFIED',
            asWritten: '2.5%',
            sentence: {
              en: 'In SPRINT (all ages from 50), of 1,000 people with the usual target, about 25 had serious sudden kidney injury over about 3 years.',
              es: 'En SPRINT (todas las edades desde 50), de 1,000 personas con la meta habitual, unas 25 tuvieron un daño grave y repentino del riñón en unos 3 años.',
            },
          },
        ],
        text: {
          en: 'SPRINT, all ages: serious acute kidney injury 4.1% with the lower target and 2.5% with the usual one.',
          es: 'SPRINT, todas las edades: daño renal agudo grave 4.1% con la meta más baja y 2.5% con la habitual.',
        },
        source: {
          text: 'SPRINT final report, NEJM 2021, Table 3',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9907774/',
        },
      },
      {
        id: 'sprint-syncope-falls',
        // Kept as text: fainting and falls differ little, and the aid already shows two harm pairs.
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Fainting and falls', es: 'Desmayos y caídas' },
        text: {
          en: 'SPRINT, all ages, lower against usual target: serious fainting 2.1% and 1.6%; injurious fall (serious adverse event) 2.2% and 2.2%; (emergency visit or serious adverse event) 7.2% and 6.8%.',
          es: 'SPRINT, todas las edades, meta más baja frente a habitual: desmayo grave 2.1% y 1.6%; caída con lesión (evento adverso grave) 2.2% y 2.2%; (urgencias o evento adverso grave) 7.2% y 6.8%.',
        },
        source: {
          text: 'SPRINT final report, NEJM 2021, Table 3',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9907774/',
        },
      },
      {
        id: 'sprint-death',
        shape: 'rate-per-year',
        status: 'VERIFIED',
        label: { en: 'Death', es: 'Muerte' },
        text: {
          en: 'SPRINT, all ages, death: 1.06 per 100 per year with the lower target, 1.41 with the usual one.',
          es: 'SPRINT, todas las edades, muerte: 1.06 por cada 100 al año con la meta más baja, 1.41 con la habitual.',
        },
        source: {
          text: 'SPRINT final report, NEJM 2021, Table 1',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9907774/',
        },
      },
    ],
    notFound: [
      {
        en: 'Harms and deaths for people aged 75 or older in SPRINT; harms in STEP.',
        es: 'Daños y muertes para personas de 75 años o más en SPRINT; daños en STEP.',
      },
    ],
    caveats: [
      {
        en: 'The harm numbers are for everyone in SPRINT (age 50 or over), not only people 75 or older.',
        es: 'Las cifras de daños son de todas las personas de SPRINT (50 años o más), no solo de las de 75 o más.',
      },
      {
        en: 'SPRINT left out people with diabetes, a past stroke or dementia.',
        es: 'SPRINT no incluyó a personas con diabetes, un derrame previo o demencia.',
      },
    ],
  },
  {
    id: 'sleeping-pills',
    rules: ['R9b'],
    section: '§8',
    title: { en: 'Sleeping pills at 60 or older', es: 'Pastillas para dormir a partir de los 60' },
    population: {
      en: 'People aged 60 or older taking a sleeping pill (a benzodiazepine or a Z-drug).',
      es: 'Personas de 60 años o más que toman una pastilla para dormir (benzodiacepina o fármaco Z).',
    },
    ages: { min: 60, who: PEOPLE },
    options: [],
    plain: {
      en: 'Sleeping pills give about 25 more minutes of sleep. For every 13 people who take them, 1 sleeps better, but for every 6 people, 1 gets a side effect.',
      es: 'Las pastillas para dormir dan unos 25 minutos más de sueño. De cada 13 personas que las toman, 1 duerme mejor, pero de cada 6 personas, 1 tiene un efecto secundario.',
    },
    outcomes: [
      {
        id: 'extra-sleep',
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Extra sleep', es: 'Sueño de más' },
        text: {
          en: 'Extra sleep: 25.2 minutes more per night and 0.63 fewer awakenings.',
          es: 'Sueño de más: 25.2 minutos más por noche y 0.63 despertares menos.',
        },
        source: { text: 'Glass, BMJ 2005;331:1169 (abstract)' },
      },
      {
        id: 'better-sleep',
        shape: 'relative',
        status: 'SECONDARY',
        label: { en: 'Better sleep', es: 'Dormir mejor' },
        text: {
          en: 'Number needed to treat for better sleep quality: 13 (about 8 in 100 helped, derived).',
          es: 'Número que hay que tratar para dormir mejor: 13 (unas 8 de cada 100 ayudadas, calculado).',
        },
        source: { text: 'Glass, BMJ 2005;331:1169', reportedBy: 'pallimed.org and study.space' },
      },
      {
        id: 'any-adverse-event',
        // Derived from a verified NNH, but the document states no time frame, so it is not drawn.
        shape: 'relative',
        status: 'VERIFIED',
        label: { en: 'Side effects', es: 'Efectos secundarios' },
        text: {
          en: 'Number needed to harm for any side effect: 6 (95% CI 4.7–7.1), about 17 in 100 harmed (derived).',
          es: 'Número que hay que tratar para causar un efecto secundario: 6 (IC 95% 4.7–7.1), unas 17 de cada 100 (calculado).',
        },
        source: { text: 'Glass, BMJ 2005, in the EBM Guidelines summary (skyscape)' },
      },
      {
        id: 'relative-harms',
        shape: 'relative',
        status: 'VERIFIED',
        label: { en: 'Thinking, balance and tiredness', es: 'Pensar, equilibrio y cansancio' },
        text: {
          en: 'Odds of harms with a sleeping pill: thinking problems OR 4.78; balance and movement problems 2.61; daytime tiredness 3.82.',
          es: 'Probabilidad de daños con una pastilla para dormir: problemas para pensar OR 4.78; equilibrio y movimiento 2.61; cansancio de día 3.82.',
        },
        source: { text: 'Glass, BMJ 2005;331:1169 (abstract)' },
      },
      {
        id: 'falls-fracture',
        shape: 'relative',
        status: 'VERIFIED',
        label: { en: 'Falls and hip fractures', es: 'Caídas y fracturas de cadera' },
        text: {
          en: 'Zolpidem, observational data: falls OR 2.38; hip fracture OR 1.50 (0.96–2.34).',
          es: 'Zolpidem, datos observacionales: caídas OR 2.38; fractura de cadera OR 1.50 (0.96–2.34).',
        },
        source: { text: 'BMC Geriatr 2022, Table 5' },
      },
    ],
    notFound: [
      {
        en: 'How many falls or hip fractures per 100 people.',
        es: 'Cuántas caídas o fracturas de cadera por cada 100 personas.',
      },
    ],
    caveats: [],
  },
  {
    id: 'back-imaging',
    rules: ['R6'],
    section: '§9',
    title: { en: 'A scan for new low back pain', es: 'Una imagen para el dolor de espalda reciente' },
    population: {
      en: 'People with new low back pain and no warning signs.',
      es: 'Personas con dolor lumbar reciente y sin señales de alarma.',
    },
    options: [],
    plain: {
      en: "A scan does not help back pain get better faster. Most people over 60 have 'worn discs' on a scan even with no pain.",
      es: "Una imagen no hace que el dolor de espalda mejore antes. La mayoría de las personas de más de 60 tienen 'discos gastados' en una imagen aunque no tengan dolor.",
    },
    outcomes: [
      {
        id: 'pain-function',
        shape: 'standardised',
        status: 'VERIFIED',
        label: { en: 'Pain and function', es: 'Dolor y actividad' },
        text: {
          en: 'Pain and function, short and long term: no significant difference with imaging (for example short-term pain SMD 0.19, −0.01 to 0.39).',
          es: 'Dolor y actividad, a corto y largo plazo: ninguna diferencia importante con la imagen (por ejemplo, dolor a corto plazo DME 0.19, −0.01 a 0.39).',
        },
        source: { text: 'Chou, Lancet 2009;373:463 (abstract)' },
      },
      {
        id: 'findings-without-pain',
        // How common a finding is at an age, not a change over a stated time: text.
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Findings in people without pain', es: 'Hallazgos en personas sin dolor' },
        text: {
          en: 'In people without back pain, worn discs show on a scan in 37 of 100 at age 20 and 96 of 100 at age 80; a bulging disc in 30 and 84 of 100.',
          es: 'En personas sin dolor de espalda, la imagen muestra discos gastados en 37 de cada 100 a los 20 años y 96 de cada 100 a los 80; un disco abultado en 30 y 84 de cada 100.',
        },
        source: { text: 'Brinjikji, AJNR 2015;36:811 (abstract)' },
      },
    ],
    notFound: [],
    caveats: [],
  },
  {
    id: 'antibiotics-bronchitis',
    rules: ['R7'],
    section: '§10',
    title: {
      en: 'Antibiotics for a chest cold (acute bronchitis)',
      es: 'Antibióticos para un resfriado de pecho (bronquitis aguda)',
    },
    population: {
      en: 'People with a chest cold (acute bronchitis) or a sinus infection.',
      es: 'Personas con un resfriado de pecho (bronquitis aguda) o una sinusitis.',
    },
    options: [],
    plain: {
      en: 'Antibiotics shorten a chest cold cough by about half a day, and for sinus infections 5 more people out of 100 get better, but about 1 in 8 get side effects like diarrhoea.',
      es: 'Los antibióticos acortan la tos de un resfriado de pecho en medio día más o menos, y en la sinusitis 5 personas más de cada 100 mejoran, pero 1 de cada 8 tiene efectos secundarios como diarrea.',
    },
    outcomes: [
      {
        id: 'bronchitis-improved',
        shape: 'relative',
        status: 'VERIFIED',
        label: { en: 'Getting better', es: 'Mejorar' },
        text: {
          en: 'Acute bronchitis, clinically improved: RR 1.07 (not significant). Cough lasted 0.46 days less.',
          es: 'Bronquitis aguda, mejoría clínica: RR 1.07 (sin significación). La tos duró 0.46 días menos.',
        },
        source: { text: 'Smith, Cochrane 2017, CD000245.pub4 (abstract)' },
      },
      {
        id: 'bronchitis-cough',
        shape: 'relative',
        status: 'SECONDARY',
        label: { en: 'Cough at follow-up', es: 'Tos en el control' },
        text: {
          en: 'Cough at follow-up: 33% with an antibiotic and 51% without (RR 0.64; NNTB 6, verified in the Cochrane review).',
          es: 'Tos en el control: 33% con antibiótico y 51% sin él (RR 0.64; NNTB 6, verificado en la revisión Cochrane).',
        },
        source: { text: 'Smith, Cochrane 2017', reportedBy: 'EBM Guidelines table (the percentages)' },
      },
      {
        id: 'bronchitis-side-effects',
        shape: 'relative',
        status: 'SECONDARY',
        label: { en: 'Side effects', es: 'Efectos secundarios' },
        text: {
          en: 'Side effects: number needed to harm 37 (2.6 in 100).',
          es: 'Efectos secundarios: número que hay que tratar para causar daño 37 (2.6 de cada 100).',
        },
        source: { text: 'Cochrane review, 2004 version', reportedBy: 'TheNNT' },
      },
      {
        id: 'sinusitis-cured',
        // The document gives no time frame for "cured", so these stay text.
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Sinus infection cured', es: 'Sinusitis curada' },
        text: {
          en: 'Sinus infection diagnosed by a clinician: 60 in 100 cured with an antibiotic and 55 in 100 without (NNTB 19).',
          es: 'Sinusitis diagnosticada en consulta: 60 de cada 100 se curan con antibiótico y 55 de cada 100 sin él (NNTB 19).',
        },
        source: {
          text: 'Lemiengre, Cochrane 2018, Summary of Findings',
          url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6513448/',
        },
      },
      {
        id: 'sinusitis-side-effects',
        shape: 'relative',
        status: 'SECONDARY',
        label: { en: 'Side effects for sinus infection', es: 'Efectos secundarios en la sinusitis' },
        text: { en: 'Side effects: 1 in 8.', es: 'Efectos secundarios: 1 de cada 8.' },
        source: { text: 'Medicine by the Numbers', reportedBy: 'AAFP 2019' },
      },
    ],
    notFound: [
      { en: 'Any number for the common cold.', es: 'Ninguna cifra para el resfriado común.' },
      {
        en: 'Side effects of antibiotics for bronchitis in the 2017 review.',
        es: 'Los efectos secundarios de los antibióticos para la bronquitis en la revisión de 2017.',
      },
    ],
    caveats: [],
  },
  {
    id: 'advance-care-planning',
    rules: ['R10'],
    section: '§12',
    title: { en: 'Planning ahead for future care', es: 'Planificar con tiempo los cuidados futuros' },
    population: {
      en: 'People aged 80 or older in hospital, who died within 6 months.',
      es: 'Personas de 80 años o más ingresadas en el hospital, que murieron en menos de 6 meses.',
    },
    ages: { min: 80, who: PEOPLE },
    options: [
      { id: 'acp', label: { en: 'Planned ahead', es: 'Planificaron' } },
      { id: 'usual', label: { en: 'Usual care', es: 'Atención habitual' } },
    ],
    plain: {
      en: 'When people plan ahead, their wishes are followed for about 86 out of 100, compared with 30 out of 100 without planning, and their families feel less stress.',
      es: 'Cuando las personas planifican con tiempo, sus deseos se cumplen en unas 86 de cada 100, frente a 30 de cada 100 sin planificar, y sus familias sienten menos estrés.',
    },
    outcomes: [
      {
        id: 'wishes-followed',
        shape: 'count',
        status: 'VERIFIED',
        mark: 'helped',
        label: { en: 'Wishes known and followed', es: 'Deseos conocidos y cumplidos' },
        rest: { en: 'Wishes not known or not followed', es: 'Deseos no conocidos o no cumplidos' },
        timeFrame: { en: 'in their last 6 months', es: 'en sus últimos 6 meses' },
        arms: [
          {
            option: 'acp',
            per: 100,
            count: 86,
            status: 'VERIFIED',
            asWritten: '25/29 (86%)',
            sentence: {
              en: 'When people plan ahead, their wishes are followed for about 86 out of 100.',
              es: 'Cuando las personas planifican con tiempo, sus deseos se cumplen en unas 86 de cada 100.',
            },
          },
          {
            option: 'usual',
            per: 100,
            count: 30,
            status: 'VERIFIED',
            asWritten: '8/27 (30%)',
            sentence: {
              en: 'Without planning, their wishes are followed for 30 out of 100.',
              es: 'Sin planificar, sus deseos se cumplen en 30 de cada 100.',
            },
          },
        ],
        text: {
          en: 'End-of-life wishes known and followed: 25 of 29 (86%) with planning, 8 of 27 (30%) with usual care.',
          es: 'Deseos al final de la vida conocidos y cumplidos: 25 de 29 (86%) con planificación, 8 de 27 (30%) con atención habitual.',
        },
        source: { text: 'Detering, BMJ 2010;340:c1345, Table 3' },
      },
      {
        id: 'family',
        shape: 'other',
        status: 'VERIFIED',
        label: { en: 'Families', es: 'Familias' },
        text: {
          en: 'Relatives with high stress scores: 0 with planning, 4 (15%) with usual care; with depression 0 and 8 (30%); with anxiety 0 and 5 (19%). Family very satisfied with the death: 24 (83%) and 13 (48%). Died in intensive care: 0 and 4 (15%).',
          es: 'Familiares con estrés alto: 0 con planificación, 4 (15%) con atención habitual; con depresión 0 y 8 (30%); con ansiedad 0 y 5 (19%). Familia muy satisfecha con la muerte: 24 (83%) y 13 (48%). Murieron en cuidados intensivos: 0 y 4 (15%).',
        },
        source: { text: 'Detering, BMJ 2010;340:c1345, Table 3' },
      },
    ],
    notFound: [],
    caveats: [
      {
        en: 'One hospital and only 56 people: the figures show them as if there were 100 in each group.',
        es: 'Un solo hospital y solo 56 personas: las figuras las muestran como si hubiera 100 en cada grupo.',
      },
    ],
  },
];
