/** Every rule with its source and topics, in output order. */
import type { RuleId } from '../types';
import { r10 } from './acp';
import { r7 } from './antibiotics';
import { r6 } from './backPain';
import { r5 } from './bloodPressure';
import { r1, r2, r2Safety } from './cardiovascular';
import { r3 } from './cervical';
import { r8a, r8b } from './colorectal';
import type { Rule, RuleMeta } from './common';
import { r4 } from './diabetes';
import { r9a, r9c, r9d } from './lowValueTests';
import { r9b } from './sedatives';

const DOC = 'clinical/value-care-rules.md';

export const RULES: readonly { id: RuleId; run: Rule; meta: RuleMeta }[] = [
  {
    id: 'R1',
    run: r1,
    meta: {
      source: {
        label: '2018 AHA/ACC Cholesterol Guideline (secondary prevention, Class I); CMS347',
        citation: 'Grundy SM et al. Circulation 2019;139:e1082',
        section: `${DOC} §R1`,
      },
      topics: ['medications'],
      silencedByHospice: true,
    },
  },
  {
    id: 'R2',
    run: r2,
    meta: {
      source: {
        label: '2021 AHA/ASA Secondary Stroke Prevention Guideline (Class 1 antiplatelet); CMS164/NQF 0068',
        citation: 'Kleindorfer DO et al. Stroke 2021;52:e364',
        section: `${DOC} §R2`,
      },
      topics: ['medications'],
      silencedByHospice: true,
    },
  },
  {
    id: 'R2-safety',
    run: r2Safety,
    meta: {
      source: {
        label: 'Prasugrel boxed warning; VSAC Pharmacological Contraindications for Antithrombotic Therapy',
        citation: 'VSAC 2.16.840.1.113762.1.4.1110.52',
        section: `${DOC} §R2, §14 D12`,
      },
      topics: ['medications'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R3',
    run: r3,
    meta: {
      source: {
        label: 'USPSTF 2018 Cervical Cancer Screening (D > 65 adequately screened; D after hysterectomy)',
        citation: 'USPSTF JAMA 2018;320:674',
        section: `${DOC} §R3, §14 D11`,
      },
      topics: ['tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R4',
    run: r4,
    meta: {
      source: {
        label:
          'AGS Choosing Wisely (A1c < 7.5% with drugs other than metformin); ADA Standards §13; AGS Beers 2023',
        citation: 'ADA Diabetes Care 2025;48(Suppl 1):S266',
        section: `${DOC} §R4, §14 D8–D9`,
      },
      topics: ['medications', 'tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R5',
    run: r5,
    meta: {
      source: {
        label:
          '2017 ACC/AHA Hypertension Guideline (older adults: judgment and preference); OPTIMISE RCT; VA overtreatment measure',
        citation: 'Sheppard JP et al. JAMA 2020;323:2039',
        section: `${DOC} §R5, §14 D10`,
      },
      topics: ['medications'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R6',
    run: r6,
    meta: {
      source: {
        label:
          'AAFP/ACP Choosing Wisely: no imaging for low back pain in the first 6 weeks without red flags',
        citation: 'Chou R et al. Ann Intern Med 2011;154:181',
        section: `${DOC} §R6, §14 D13`,
      },
      topics: ['tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R7',
    run: r7,
    meta: {
      source: {
        label: 'ACP/CDC High-Value Care advice 2016; CMS154 Appropriate Treatment for URI',
        citation: 'Harris AM et al. Ann Intern Med 2016;164:425',
        section: `${DOC} §R7, §14 D14`,
      },
      topics: ['medications'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R8a',
    run: r8a,
    meta: {
      source: {
        label: 'USPSTF 2021 Colorectal Cancer Screening (A 50–75, B 45–49); CMS130',
        citation: 'USPSTF JAMA 2021;325:1965',
        section: `${DOC} §R8a, §14 D7, D15`,
      },
      topics: ['tests', 'procedures'],
      silencedByHospice: true,
    },
  },
  {
    id: 'R8b',
    run: r8b,
    meta: {
      source: {
        label: 'USPSTF 2021 (C 76–85 selective; no basis past 85); Schwartz 2014 low-value measure',
        citation: 'USPSTF JAMA 2021;325:1965',
        section: `${DOC} §R8b, §14 D15`,
      },
      topics: ['tests', 'procedures'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R9a',
    run: r9a,
    meta: {
      source: {
        label: 'USPSTF 2018 Prostate Cancer Screening (D for ≥ 70)',
        citation: 'USPSTF JAMA 2018;319:1901',
        section: `${DOC} §R9a, §14 D16`,
      },
      topics: ['tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R9b',
    run: r9b,
    meta: {
      source: {
        label: 'AGS Beers Criteria 2023 (avoid benzodiazepines and Z-drugs); CMS156',
        citation: 'AGS Beers Criteria Update Expert Panel. J Am Geriatr Soc 2023;71:2052',
        section: `${DOC} §R9b, §14 D16`,
      },
      topics: ['medications'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R9c',
    run: r9c,
    meta: {
      source: {
        label: 'CMS249 Appropriate DXA Scans in Women Under 65; AAFP Choosing Wisely; Schwartz 2014',
        citation: 'CMS249; USPSTF JAMA 2018;319:2521',
        section: `${DOC} §R9c, §14 D16`,
      },
      topics: ['tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R9d',
    run: r9d,
    meta: {
      source: {
        label: 'USPSTF 2021 (I: vitamin D deficiency screening); ASCP Choosing Wisely; Schwartz 2014',
        citation: 'USPSTF JAMA 2021;325:1436',
        section: `${DOC} §R9d`,
      },
      topics: ['tests'],
      silencedByHospice: false,
    },
  },
  {
    id: 'R10',
    run: r10,
    meta: {
      source: {
        label: 'HEDIS COA-ACP; MIPS #47 (advance care plan, age ≥ 65); IHI What Matters',
        citation: 'MIPS Quality ID 47',
        section: `${DOC} §11A, §14 D17`,
      },
      topics: [],
      silencedByHospice: true,
    },
  },
];
