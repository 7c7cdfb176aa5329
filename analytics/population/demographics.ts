/**
 * Demographics of a generated patient, in US Core shape: race and ethnicity extensions with OMB
 * categories (the strata the equity report breaks down by), administrative gender, a birth date in
 * an age band, and a preferred language in `communication`. The mix is broadly that of a US
 * primary-care panel, so every stratum of a few thousand patients has cells above the
 * suppression threshold and a few small ones below it.
 */
import type { Extension, Patient } from 'fhir/r4';
import {
  BCP47,
  CDC_RACE_ETHNICITY,
  NULL_FLAVOR,
  US_CORE_ETHNICITY,
  US_CORE_RACE,
} from '../../src/core/fhir/vocabulary';
import type { Random } from './random';

const RACES = [
  [{ code: '2106-3', display: 'White' }, 58],
  [{ code: '2054-5', display: 'Black or African American' }, 14],
  [{ code: '2028-9', display: 'Asian' }, 7],
  [{ code: '1002-5', display: 'American Indian or Alaska Native' }, 1.5],
  [{ code: '2076-8', display: 'Native Hawaiian or Other Pacific Islander' }, 0.5],
  [{ code: 'UNK', display: 'Unknown' }, 4],
] as const;

const ETHNICITIES = [
  [{ code: '2135-2', display: 'Hispanic or Latino' }, 19],
  [{ code: '2186-5', display: 'Not Hispanic or Latino' }, 78],
  [{ code: 'UNK', display: 'Unknown' }, 3],
] as const;

const LANGUAGES = [
  [{ code: 'en', display: 'English' }, 78],
  [{ code: 'es', display: 'Spanish' }, 15],
  [{ code: 'zh', display: 'Chinese' }, 2.5],
  [{ code: 'vi', display: 'Vietnamese' }, 1.5],
  [{ code: 'ar', display: 'Arabic' }, 1],
  [{ code: 'ht', display: 'Haitian Creole' }, 0.6],
] as const;

/** Age bands of the equity report with the share of patients drawn into each. */
export const AGE_MIX = [
  [[0, 17], 12],
  [[18, 44], 27],
  [[45, 64], 27],
  [[65, 74], 17],
  [[75, 84], 11],
  [[85, 99], 6],
] as const;

const GENDERS = [
  ['female', 50],
  ['male', 48],
  ['other', 1],
  ['unknown', 1],
] as const;

const GIVEN = [
  'Ana',
  'James',
  'Mei',
  'Lupe',
  'Omar',
  'Grace',
  'Tomás',
  'Linh',
  'Ruth',
  'Kwame',
  'Sara',
  'Dmitri',
];
const FAMILY = [
  'Garcia',
  'Smith',
  'Nguyen',
  'Johnson',
  'Haddad',
  'Okafor',
  'Lee',
  'Brown',
  'Rivera',
  'Cohen',
];

function category(url: string, c: { code: string; display: string }): Extension {
  const coding =
    c.code === 'UNK'
      ? { system: NULL_FLAVOR, code: 'UNK', display: 'Unknown' }
      : { system: CDC_RACE_ETHNICITY, ...c };
  return {
    url,
    extension: [
      { url: 'ombCategory', valueCoding: coding },
      { url: 'text', valueString: c.display },
    ],
  };
}

export interface Demographics {
  gender: string;
  birthDate: string;
  language: string;
}

export function drawAge(rng: Random): number {
  const [lo, hi] = rng.weighted<readonly [number, number]>(AGE_MIX);
  return rng.int(lo, hi);
}

export function drawGender(rng: Random): string {
  return rng.weighted(GENDERS);
}

/** The Patient resource: drawn race, ethnicity, language and name around the given sex and birth date. */
export function buildPatient(
  id: string,
  rng: Random,
  facts: { gender: string; birthDate: string; spanishLikely?: boolean },
): { patient: Patient; language: string } {
  const lang = facts.spanishLikely
    ? { code: 'es', display: 'Spanish' }
    : rng.weighted<{ code: string; display: string }>(LANGUAGES);
  const ethnicity =
    lang.code === 'es' ? ETHNICITIES[0][0] : rng.weighted<{ code: string; display: string }>(ETHNICITIES);
  const patient: Patient = {
    resourceType: 'Patient',
    id,
    meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
    extension: [
      category(US_CORE_RACE, rng.weighted<{ code: string; display: string }>(RACES)),
      category(US_CORE_ETHNICITY, ethnicity),
    ],
    identifier: [{ system: 'https://common-ground.example/fhir/population', value: id }],
    name: [{ family: rng.pick(FAMILY), given: [rng.pick(GIVEN)] }],
    gender: facts.gender as Patient['gender'],
    birthDate: facts.birthDate,
    communication: [
      { language: { coding: [{ system: BCP47, ...lang }], text: lang.display }, preferred: true },
    ],
  };
  return { patient, language: lang.code };
}
