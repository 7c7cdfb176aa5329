/**
 * CollaboRATE (Elwyn, Barr, Grande et al. 2013), shipped as a Questionnaire so a deployer can swap in
 * a licensed copy: the three items and the original 0–9 scale exactly as published
 * (/work/shared/clinical/value-care-rules.md §10). The licence (CC BY-NC-ND 3.0) forbids
 * modifications, so the wording lives here once and no screen rewords or translates it.
 */
import type { Coding, Questionnaire, QuestionnaireItem } from 'fhir/r4';
import { CG_COLLABORATE_SCALE, CG_QUESTIONNAIRE_BASE, ORDINAL_VALUE_EXT } from '../fhir/vocabulary';

export const COLLABORATE_URL = `${CG_QUESTIONNAIRE_BASE}/collaborate`;
export const COLLABORATE_VERSION = '1.0.0';
export const COLLABORATE_CANONICAL = `${COLLABORATE_URL}|${COLLABORATE_VERSION}`;

export const COLLABORATE_STEM = 'Thinking about the appointment you have just had…';

export const COLLABORATE_ITEMS = [
  {
    linkId: 'collaborate-1',
    text: 'How much effort was made to help you understand your health issues?',
  },
  {
    linkId: 'collaborate-2',
    text: 'How much effort was made to listen to the things that matter most to you about your health issues?',
  },
  {
    linkId: 'collaborate-3',
    text: 'How much effort was made to include what matters most to you in choosing what to do next?',
  },
] as const;

export type CollaborateLinkId = (typeof COLLABORATE_ITEMS)[number]['linkId'];

/** The anchors of the original 10-point scale; the points between carry only their number. */
export const SCALE_LOW = 'No effort was made';
export const SCALE_HIGH = 'Every effort was made';
export const SCALE_MIN = 0;
export const SCALE_MAX = 9;
export const SCALE_POINTS: readonly number[] = Array.from(
  { length: SCALE_MAX - SCALE_MIN + 1 },
  (_, i) => SCALE_MIN + i,
);

export function scaleCoding(n: number): Coding {
  const anchor = n === SCALE_MIN ? ` ${SCALE_LOW}` : n === SCALE_MAX ? ` ${SCALE_HIGH}` : '';
  return { system: CG_COLLABORATE_SCALE, code: String(n), display: `${n}${anchor}` };
}

/** The number an answer coding scores, or undefined for a coding that is not on this scale. */
export function scaleValue(coding: Coding | undefined): number | undefined {
  if (coding?.system !== CG_COLLABORATE_SCALE || !/^\d$/.test(coding.code ?? '')) return undefined;
  const n = Number(coding.code);
  return n >= SCALE_MIN && n <= SCALE_MAX ? n : undefined;
}

export const COLLABORATE_COPYRIGHT =
  'CollaboRATE © 2013 Glyn Elwyn, Paul J. Barr, Stuart W. Grande (The Dartmouth Institute). ' +
  'Elwyn G, Barr PJ, Grande SW, Thompson R, Walsh T, Ozanne EM. Developing CollaboRATE: a fast and ' +
  'frugal patient-reported measure of shared decision making in clinical encounters. Patient Educ ' +
  'Couns 2013;93(1):102-107. Licensed under Creative Commons BY-NC-ND 3.0 (free to use and share, ' +
  'non-commercial, no modifications without permission); used here unmodified. A commercial ' +
  "deployment needs the authors' written permission.";

function item(i: (typeof COLLABORATE_ITEMS)[number]): QuestionnaireItem {
  return {
    linkId: i.linkId,
    text: i.text,
    type: 'choice',
    // Each item may be skipped (§10 scores only complete responses as top-box).
    required: false,
    answerOption: SCALE_POINTS.map((n) => ({
      valueCoding: {
        ...scaleCoding(n),
        extension: [{ url: ORDINAL_VALUE_EXT, valueDecimal: n }],
      },
    })),
  };
}

export const COLLABORATE_QUESTIONNAIRE: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'collaborate',
  url: COLLABORATE_URL,
  version: COLLABORATE_VERSION,
  name: 'CollaboRATE',
  title: 'CollaboRATE',
  status: 'active',
  subjectType: ['Patient'],
  language: 'en',
  description:
    'Three-item patient-reported measure of shared decision making, given within 24–48 hours of a visit. ' +
    'Scored top-box: a response scoring 9 on all three items.',
  copyright: COLLABORATE_COPYRIGHT,
  item: [{ linkId: 'stem', text: COLLABORATE_STEM, type: 'display' }, ...COLLABORATE_ITEMS.map(item)],
};
