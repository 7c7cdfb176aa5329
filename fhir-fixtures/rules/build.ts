/**
 * Writes the hand-made rule fixtures (one Bundle per rule family) and expectations.json.
 *   npx tsx fhir-fixtures/rules/build.ts
 * Every patient's newest Encounter is ON the evaluation date below (the sandbox shifts dates so that
 * Encounter becomes "yesterday" — keep the relation). Ages sit on threshold birthdays.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type {
  Bundle,
  Condition,
  Encounter,
  FhirResource,
  MedicationRequest,
  Observation,
  Patient,
  Reference,
  ServiceRequest,
} from 'fhir/r4';
import { buildDeclineActivity } from '../../src/core/prompts/decline';

export const EVALUATION_DATE = '2026-06-30';
const OUT = new URL('.', import.meta.url);

const SCT = 'http://snomed.info/sct';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOINC = 'http://loinc.org';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'http://www.nlm.nih.gov/research/umls/hcpcs';
type Sys = typeof SCT | typeof ICD | typeof LOINC | typeof RX | typeof CPT | typeof HCPCS;

interface Case {
  id: string;
  note: string;
  fires: string[];
  absent: string[];
  variants?: Record<string, string>;
  resources: FhirResource[];
}

/** Birth date giving exactly `age` on the evaluation date (or one day short with `dayShort`). */
function born(age: number, dayShort = false): string {
  const y = 2026 - age;
  return dayShort ? `${y}-07-01` : `${y}-06-30`;
}

/** A resource as a fixture writes it: the builder gives it an id and, by default, its subject. */
type Draft = FhirResource extends infer R
  ? R extends FhirResource
    ? Omit<R, 'id' | 'subject'> & { id?: string; subject?: Reference }
    : never
  : never;

class P {
  readonly resources: FhirResource[] = [];
  private n = 0;
  constructor(
    readonly id: string,
    gender: 'male' | 'female',
    birthDate: string,
  ) {
    const patient: Patient = {
      resourceType: 'Patient',
      id,
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      identifier: [{ system: 'https://common-ground.example/fixtures', value: id }],
      name: [{ family: 'Fixture', given: [id] }],
      gender,
      birthDate,
    };
    this.resources.push(patient);
    this.encounter(EVALUATION_DATE);
  }
  private next(kind: string): string {
    return `${this.id}-${kind}${++this.n}`;
  }
  private get subject() {
    return { reference: `Patient/${this.id}` };
  }
  lastEncounter = '';
  encounter(date: string, extra: Partial<Encounter> = {}): this {
    const id = this.next('enc');
    this.lastEncounter = id;
    this.resources.push({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [{ coding: [{ system: SCT, code: '185349003', display: 'Encounter for check up' }] }],
      subject: this.subject,
      period: { start: `${date}T09:00:00-05:00`, end: `${date}T09:30:00-05:00` },
      ...extra,
    });
    return this;
  }
  condition(system: Sys, code: string, onset: string, extra: Partial<Condition> = {}): this {
    this.resources.push({
      resourceType: 'Condition',
      id: this.next('cond'),
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
          ],
        },
      ],
      code: { coding: [{ system, code }] },
      subject: this.subject,
      onsetDateTime: onset,
      recordedDate: onset,
      ...extra,
    });
    return this;
  }
  obs(
    code: string,
    date: string,
    value?: { value: number; unit: string } | string,
    extra: Partial<Observation> = {},
  ): this {
    this.resources.push({
      resourceType: 'Observation',
      id: this.next('obs'),
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code }] },
      subject: this.subject,
      effectiveDateTime: date,
      ...(typeof value === 'string'
        ? { valueString: value }
        : value
          ? { valueQuantity: { ...value, system: 'http://unitsofmeasure.org', code: value.unit } }
          : {}),
      ...extra,
    });
    return this;
  }
  bp(date: string, sbp: number, dbp: number): this {
    const q = (v: number) => ({
      value: v,
      unit: 'mm[Hg]',
      system: 'http://unitsofmeasure.org',
      code: 'mm[Hg]',
    });
    this.resources.push({
      resourceType: 'Observation',
      id: this.next('bp'),
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      subject: this.subject,
      effectiveDateTime: date,
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: q(sbp) },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: q(dbp) },
      ],
    });
    return this;
  }
  med(
    rxcui: string,
    display: string,
    authoredOn: string,
    status: MedicationRequest['status'] = 'active',
    extra: Partial<MedicationRequest> = {},
  ): this {
    this.resources.push({
      resourceType: 'MedicationRequest',
      id: this.next('med'),
      status,
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: RX, code: rxcui, display }], text: display },
      subject: this.subject,
      authoredOn,
      ...extra,
    });
    return this;
  }
  procedure(system: Sys, code: string, date: string): this {
    this.resources.push({
      resourceType: 'Procedure',
      id: this.next('proc'),
      status: 'completed',
      code: { coding: [{ system, code }] },
      subject: this.subject,
      performedDateTime: date,
    });
    return this;
  }
  order(system: Sys, code: string, date: string, status: ServiceRequest['status'] = 'active'): this {
    this.resources.push({
      resourceType: 'ServiceRequest',
      id: this.next('sr'),
      status,
      intent: 'order',
      code: { coding: [{ system, code }] },
      subject: this.subject,
      authoredOn: date,
    });
    return this;
  }
  /** A condition that is over (resolved, with an abatement), so only its date can make it count. */
  resolved(system: Sys, code: string, onset: string, extra: Partial<Condition> = {}): this {
    return this.condition(system, code, onset, {
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
      },
      abatementDateTime: onset,
      ...extra,
    });
  }
  allergy(system: Sys, code: string, display: string): this {
    return this.add({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
            code: 'confirmed',
          },
        ],
      },
      code: { coding: [{ system, code, display }] },
      patient: { reference: `Patient/${this.id}` },
    });
  }
  /** Any other resource; it belongs to this patient by `subject` unless it names a `patient`. */
  add(r: Draft): this {
    const id = this.next(r.resourceType.toLowerCase().slice(0, 4));
    this.resources.push(
      ('patient' in r ? { id, ...r } : { id, subject: this.subject, ...r }) as FhirResource,
    );
    return this;
  }
}

const files: Record<string, Case[]> = {};
function cases(file: string, ...list: [P, string, string[], string[], Record<string, string>?][]): void {
  files[file] = [
    ...(files[file] ?? []),
    ...list.map(([p, note, fires, absent, variants]) => ({
      id: p.id,
      note,
      fires,
      absent,
      ...(variants ? { variants } : {}),
      resources: p.resources,
    })),
  ];
}

const ATORVA40: [string, string] = ['617311', 'atorvastatin 40 MG Oral Tablet'];
const SIMVA10: [string, string] = ['314231', 'simvastatin 10 MG Oral Tablet'];

// ------------------------------------------------------------------ R1
cases(
  'r1.json',
  [
    new P('r1-pos-icd', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01'),
    'old MI (ICD-10) and no statin',
    ['R1'],
    [],
    { R1: 'start' },
  ],
  [
    new P('r1-pos-sct-over75', 'female', born(76)).condition(SCT, '22298006', '2015-01-10'),
    'MI (SNOMED), age 76',
    ['R1'],
    [],
    { R1: 'over-75' },
  ],
  [
    new P('r1-pos-cabg', 'male', born(70)).procedure(SCT, '10190003', '2012-05-01'),
    'CABG procedure only',
    ['R1'],
    [],
  ],
  [
    new P('r1-neg-statin', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...ATORVA40, '2026-01-10'),
    'active high-intensity statin',
    [],
    ['R1'],
  ],
  [
    new P('r1-neg-completed-11mo', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...ATORVA40, '2025-08-01', 'completed'),
    'completed statin order 11 months ago satisfies (D2)',
    [],
    ['R1'],
  ],
  [
    new P('r1-pos-completed-13mo', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...ATORVA40, '2025-05-29', 'completed'),
    'completed statin order 13 months ago does not',
    ['R1'],
    [],
  ],
  [
    new P('r1-pos-stopped', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...ATORVA40, '2026-03-01', 'stopped'),
    'a stopped statin never satisfies (D2) → fires',
    ['R1'],
    [],
  ],
  [
    new P('r1-pos-intensify', 'male', born(75))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...SIMVA10, '2026-03-01'),
    'low-intensity statin at 75',
    ['R1'],
    [],
    { R1: 'intensify' },
  ],
  [
    new P('r1-neg-low-intensity-76', 'male', born(76))
      .condition(ICD, 'I25.2', '2019-03-01')
      .med(...SIMVA10, '2026-03-01'),
    'low-intensity statin at 76: no intensify prompt',
    [],
    ['R1'],
  ],
  [
    new P('r1-excl-rhabdo', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .condition(ICD, 'M62.82', '2026-06-01'),
    'active rhabdomyolysis',
    [],
    ['R1'],
  ],
  [
    new P('r1-excl-allergy', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').add({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      code: { coding: [{ system: RX, code: '83367', display: 'atorvastatin' }] },
      patient: { reference: 'Patient/r1-excl-allergy' },
    }),
    'statin allergy',
    [],
    ['R1'],
  ],
  [
    new P('r1-neg-hemorrhagic', 'male', born(60)).condition(ICD, 'I61.9', '2024-01-01'),
    'haemorrhagic stroke only (D4)',
    [],
    ['R1', 'R2'],
  ],
  [
    new P('r1-reason-on-file', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .condition(ICD, 'N18.6', '2025-01-01'),
    'ESRD exception',
    ['R1'],
    [],
    { R1: 'reason-on-file' },
  ],
  [
    new P('r1-excl-hospice', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .condition(SCT, '170935008', '2026-05-01'),
    'hospice diagnosis silences R1 (D5)',
    [],
    ['R1'],
  ],
);

// ------------------------------------------------------------------ R2 and R2-safety
cases(
  'r2.json',
  [
    new P('r2-pos-icd', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01'),
    'ischemic stroke, no antiplatelet',
    ['R2'],
    ['R2-safety'],
    { R2: 'start' },
  ],
  [
    new P('r2-pos-sct-tia', 'female', born(18)).condition(SCT, '266257000', '2025-11-01'),
    'TIA (SNOMED) at 18',
    ['R2'],
    [],
  ],
  [
    new P('r2-neg-age17', 'female', born(18, true)).condition(SCT, '266257000', '2025-11-01'),
    'TIA at 17',
    [],
    ['R2'],
  ],
  [
    new P('r2-neg-clopidogrel', 'male', born(70))
      .condition(ICD, 'I63.9', '2024-02-01')
      .med('309362', 'clopidogrel 75 MG Oral Tablet', '2026-01-01'),
    'on clopidogrel',
    [],
    ['R2'],
  ],
  [
    new P('r2-excl-warfarin', 'male', born(70))
      .condition(ICD, 'I63.9', '2024-02-01')
      .med('855332', 'warfarin sodium 5 MG Oral Tablet', '2026-01-01'),
    'on an oral anticoagulant',
    [],
    ['R2'],
  ],
  [
    new P('r2-excl-hemorrhagic', 'male', born(70))
      .condition(ICD, 'I63.9', '2024-02-01')
      .condition(ICD, 'I61.9', '2020-01-01'),
    'haemorrhagic stroke history',
    [],
    ['R2'],
  ],
  [
    new P('r2-pos-analgesic-aspirin', 'male', born(70))
      .condition(ICD, 'I63.9', '2024-02-01')
      .med('198480', 'aspirin 500 MG / caffeine 32 MG Oral Tablet', '2026-01-01'),
    'analgesic aspirin does not satisfy (D12)',
    ['R2'],
    [],
    { R2: 'check-aspirin' },
  ],
  [
    new P('r2-safety-pos', 'male', born(70))
      .condition(ICD, 'I63.9', '2024-02-01')
      .med('855812', 'prasugrel 10 MG Oral Tablet', '2026-01-01'),
    'prasugrel after stroke',
    ['R2-safety', 'R2'],
    [],
  ],
  [
    new P('r2-safety-neg-no-stroke', 'male', born(70)).med(
      '855812',
      'prasugrel 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'prasugrel, no stroke',
    [],
    ['R2-safety', 'R2'],
  ],
);

// ------------------------------------------------------------------ R3
const negPap = (p: P, dates: string[]) => {
  for (const d of dates)
    p.obs('10524-7', d, 'Negative for intraepithelial lesion or malignancy (NILM)', {
      interpretation: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'N' },
          ],
        },
      ],
    });
  return p;
};
cases(
  'r3.json',
  [
    negPap(new P('r3-pos-stop', 'female', born(66)), ['2026-01-15', '2023-01-15', '2020-01-15']),
    '66, three negative Paps, latest this year',
    ['R3'],
    [],
    { R3: 'stop' },
  ],
  [
    new P('r3-pos-check', 'female', born(70)).order(CPT, '88142', '2026-06-30'),
    'order at 70 with no history',
    ['R3'],
    [],
    { R3: 'check-history' },
  ],
  [
    negPap(new P('r3-neg-age65', 'female', born(65)), ['2026-01-15', '2023-01-15', '2020-01-15']),
    '65 is not "after 65" (D11)',
    [],
    ['R3'],
  ],
  [
    negPap(new P('r3-excl-high-risk', 'female', born(70)), ['2026-01-15']).condition(
      ICD,
      'N87.1',
      '2015-01-01',
    ),
    'cervical dysplasia history',
    [],
    ['R3'],
  ],
  [
    negPap(new P('r3-pos-no-cervix', 'female', born(50)), ['2026-03-01']).procedure(
      SCT,
      '116140006',
      '2015-04-01',
    ),
    'Pap after total hysterectomy, any age',
    ['R3'],
    [],
    { R3: 'no-cervix' },
  ],
  [new P('r3-neg-no-screening', 'female', born(70)), 'no screening order or result', [], ['R3']],
);

// ------------------------------------------------------------------ R4
const a1c = (p: P, value: number, date = '2026-05-01') => p.obs('4548-4', date, { value, unit: '%' });
cases(
  'r4.json',
  [
    a1c(new P('r4-pos-icd', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.8).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'A1c 6.8 on glipizide at 70',
    ['R4'],
    [],
    { R4: 'tier-a' },
  ],
  [
    a1c(new P('r4-pos-sct-75', 'female', born(75)).condition(SCT, '44054006', '2010-01-01'), 7.3).med(
      '311041',
      'insulin glargine 100 UNT/ML Injectable Solution',
      '2026-01-01',
    ),
    'A1c 7.3 on insulin at 75 (threshold 7.5, D9)',
    ['R4'],
    [],
    { R4: 'tier-b' },
  ],
  [
    a1c(new P('r4-neg-a1c-7', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 7.0).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'A1c exactly 7.0 (strict)',
    [],
    ['R4'],
  ],
  [
    a1c(new P('r4-neg-age64', 'male', born(65, true)).condition(ICD, 'E11.9', '2010-01-01'), 6.5).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'age 64',
    [],
    ['R4'],
  ],
  [
    a1c(new P('r4-neg-metformin', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.5).med(
      '861007',
      'metformin hydrochloride 500 MG Oral Tablet',
      '2026-01-01',
    ),
    'metformin only',
    [],
    ['R4'],
  ],
  [
    a1c(
      new P('r4-neg-old-a1c', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'),
      6.5,
      '2025-12-29',
    ).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'),
    'latest A1c just over 6 months old',
    [],
    ['R4'],
  ],
  [
    a1c(
      new P('r4-type1', 'male', born(70))
        .condition(ICD, 'E10.9', '1980-01-01')
        .condition(ICD, 'E11.9', '2010-01-01'),
      6.4,
    ).med('311041', 'insulin glargine 100 UNT/ML Injectable Solution', '2026-01-01'),
    'type 1 (D8)',
    ['R4'],
    [],
    { R4: 'type-1' },
  ],
  [
    a1c(
      new P('r4-comfort', 'male', born(70))
        .condition(ICD, 'E11.9', '2010-01-01')
        .condition(ICD, 'Z51.5', '2026-06-01'),
      6.8,
    ).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'),
    'palliative care → comfort wording (D5)',
    ['R4'],
    ['R10'],
    { R4: 'comfort' },
  ],
);

// ------------------------------------------------------------------ R5
const twoLow = (p: P, s1: number, d1: number, s2: number, d2: number) =>
  p.bp('2026-04-01', s1, d1).bp('2026-06-30', s2, d2);
const twoClasses = (p: P) =>
  p
    .med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01')
    .med('197361', 'amlodipine 5 MG Oral Tablet', '2026-01-01');
cases(
  'r5.json',
  [
    twoClasses(twoLow(new P('r5-pos-tier-a', 'female', born(70)), 115, 70, 118, 68)).condition(
      ICD,
      'R55',
      '2026-03-01',
    ),
    'low BP, 2 classes, syncope',
    ['R5'],
    [],
    { R5: 'tier-a' },
  ],
  [
    twoClasses(twoLow(new P('r5-neg-no-flag', 'female', born(70)), 115, 70, 118, 68)),
    'tier A needs a risk flag',
    [],
    ['R5'],
  ],
  [
    twoClasses(twoLow(new P('r5-pos-tier-b', 'male', born(80)), 125, 70, 127, 72)).condition(
      SCT,
      '45007003',
      '2026-02-01',
    ),
    '80, SBP 126 with hypotension (SNOMED)',
    ['R5'],
    [],
    { R5: 'tier-b' },
  ],
  [
    twoLow(new P('r5-neg-one-class', 'female', born(70)), 115, 70, 118, 68)
      .med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'R55', '2026-03-01'),
    'one class',
    [],
    ['R5'],
  ],
  [
    twoClasses(new P('r5-neg-one-reading', 'female', born(70)).bp('2026-06-30', 110, 60)).condition(
      ICD,
      'R55',
      '2026-03-01',
    ),
    'one reading (D10)',
    [],
    ['R5'],
  ],
  [
    twoLow(new P('r5-excl-af-beta-blocker', 'female', born(70)), 115, 70, 118, 68)
      .med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01')
      .med('866514', 'metoprolol tartrate 50 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'I48.91', '2020-01-01')
      .condition(ICD, 'R55', '2026-03-01'),
    'beta-blocker with AF does not count toward the classes',
    [],
    ['R5'],
  ],
  [
    twoClasses(twoLow(new P('r5-neg-bp-122', 'female', born(70)), 122, 70, 122, 70)).condition(
      ICD,
      'R55',
      '2026-03-01',
    ),
    'mean SBP 122 / DBP 70 at 70',
    [],
    ['R5'],
  ],
);

// ------------------------------------------------------------------ R6
cases(
  'r6.json',
  [
    new P('r6-pos-icd', 'male', born(40))
      .condition(ICD, 'M54.50', '2026-06-10')
      .order(CPT, '72148', '2026-06-29'),
    'new LBP + lumbar MRI order',
    ['R6'],
    [],
  ],
  [
    new P('r6-pos-imaging-study', 'male', born(40)).condition(ICD, 'M54.50', '2026-06-10').add({
      resourceType: 'ImagingStudy',
      status: 'available',
      procedureCode: [
        { coding: [{ system: CPT, code: '72148', display: 'MRI lumbar spine without contrast' }] },
      ],
      started: '2026-06-29T10:00:00-05:00',
    }),
    'new LBP + a lumbar MRI on file as an ImagingStudy (no order)',
    ['R6'],
    [],
  ],
  [
    new P('r6-pos-sct', 'female', born(40))
      .condition(SCT, '279039007', '2026-05-19')
      .procedure(CPT, '72100', '2026-06-20'),
    'LBP (SNOMED) 42 days ago + X-ray',
    ['R6'],
    [],
  ],
  [
    new P('r6-neg-43-days', 'male', born(40))
      .condition(ICD, 'M54.50', '2026-05-18')
      .order(CPT, '72148', '2026-06-29'),
    'episode started 43 days ago',
    [],
    ['R6'],
  ],
  [
    new P('r6-neg-chronic', 'male', born(40))
      .condition(ICD, 'M54.50', '2026-06-10')
      .condition(ICD, 'M54.50', '2026-03-01')
      .order(CPT, '72148', '2026-06-29'),
    'LBP 4 months earlier: not a new episode',
    [],
    ['R6'],
  ],
  [
    new P('r6-excl-cancer', 'male', born(40))
      .condition(ICD, 'M54.50', '2026-06-10')
      .condition(ICD, 'C79.51', '2026-06-01')
      .order(CPT, '72148', '2026-06-29'),
    'red flag: bone metastasis',
    [],
    ['R6'],
  ],
  [
    new P('r6-pos-trigger-in-s-range', 'male', born(40))
      .condition(ICD, 'S33.5XXA', '2026-06-10')
      .order(CPT, '72148', '2026-06-29'),
    'lumbar sprain is a trigger, not a trauma red flag (D1)',
    ['R6'],
    [],
  ],
  [
    new P('r6-neg-cervical-mri', 'male', born(40))
      .condition(ICD, 'M54.50', '2026-06-10')
      .order(CPT, '72141', '2026-06-29'),
    'cervical MRI is not lumbar imaging',
    [],
    ['R6'],
  ],
);

// ------------------------------------------------------------------ R7
function uri(p: P, system: Sys, code: string, date: string): P {
  const enc = p.encounter(date).lastEncounter;
  p.condition(system, code, date, {
    encounter: { reference: `Encounter/${enc}` },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' },
        ],
      },
    ],
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
    },
  });
  return p;
}
const AMOX: [string, string] = ['308182', 'amoxicillin 250 MG Oral Capsule'];
/** A diagnosis made at the patient's latest encounter (no recordedDate), with an earlier onset. */
function atVisit(p: P, system: Sys, code: string, onset: string): P {
  return p.condition(system, code, onset, {
    recordedDate: undefined,
    encounter: { reference: `Encounter/${p.lastEncounter}` },
  });
}
cases(
  'r7.json',
  [
    uri(new P('r7-pos-icd', 'male', born(30)), ICD, 'J06.9', '2026-06-20').med(
      ...AMOX,
      '2026-06-21',
      'completed',
    ),
    'URI + amoxicillin next day',
    ['R7'],
    [],
    { R7: 'uri-bronchitis' },
  ],
  [
    uri(new P('r7-pos-sct-bronchitis', 'female', born(30)), SCT, '10509002', '2026-06-25').med(
      ...AMOX,
      '2026-06-25',
    ),
    'acute bronchitis (SNOMED) + antibiotic',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-neg-day4', 'male', born(30)), ICD, 'J06.9', '2026-06-20').med(...AMOX, '2026-06-24'),
    'antibiotic 4 days later',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-excl-copd', 'male', born(60)), ICD, 'J06.9', '2026-06-20')
      .condition(ICD, 'J44.9', '2018-01-01')
      .med(...AMOX, '2026-06-20'),
    'COPD comorbidity (D14)',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-excl-competing', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .condition(ICD, 'J01.90', '2026-06-21')
      .med(...AMOX, '2026-06-21'),
    'sinusitis diagnosed the next day',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-neg-old-visit', 'male', born(30)), ICD, 'J06.9', '2026-05-30').med(...AMOX, '2026-05-30'),
    'visit 31 days ago',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-check-strep', 'female', born(30)), ICD, 'J02.9', '2026-06-20').med(...AMOX, '2026-06-20'),
    'pharyngitis + antibiotic, no strep test',
    ['R7'],
    [],
    { R7: 'check-strep' },
  ],
);

// ------------------------------------------------------------------ R8a / R8b
cases(
  'r8.json',
  [new P('r8a-pos-45', 'male', born(45)), '45 today, no screening', ['R8a'], ['R8b']],
  [new P('r8a-neg-44', 'male', born(45, true)), '44', [], ['R8a']],
  [new P('r8a-pos-75', 'female', born(75)), '75, no screening', ['R8a'], ['R8b']],
  [new P('r8a-neg-76', 'female', born(76)), '76: not R8a (D15)', [], ['R8a', 'R8b']],
  [
    new P('r8a-neg-colonoscopy', 'male', born(60)).procedure(SCT, '73761001', '2018-01-01'),
    'colonoscopy 8.5 years ago',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-pos-old-fobt', 'male', born(60)).obs('2335-8', '2025-06-29', 'Negative'),
    'stool test just over a year ago',
    ['R8a'],
    [],
  ],
  [
    new P('r8a-neg-fobt', 'male', born(60)).obs('2335-8', '2025-07-01', 'Negative'),
    'stool test within the year',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-excl-crc', 'male', born(60)).condition(ICD, 'C18.9', '2022-01-01'),
    'colon cancer',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-excl-frail-advanced', 'female', born(70))
      .condition(ICD, 'R54', '2026-02-01')
      .condition(ICD, 'C25.0', '2025-09-01'),
    'age ≥ 66 with frailty and advanced illness (D7)',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-frailty-only', 'female', born(70)).condition(ICD, 'R54', '2026-02-01'),
    'frailty alone does not withhold (D7)',
    ['R8a'],
    [],
  ],
  [
    new P('r8b-pos-86', 'male', born(86)).order(CPT, '45378', '2026-06-30'),
    'colonoscopy order at 86',
    ['R8b'],
    [],
    { R8b: 'over-85' },
  ],
  [
    new P('r8b-pos-80', 'female', born(80)).obs('2335-8', '2026-03-01', 'Negative'),
    'stool test at 80',
    ['R8b'],
    [],
    { R8b: 'selective-76-85' },
  ],
  [
    new P('r8b-excl-crc', 'male', born(86))
      .order(CPT, '45378', '2026-06-30')
      .condition(ICD, 'Z85.038', '2015-01-01'),
    'colon cancer history',
    [],
    ['R8b'],
  ],
  [new P('r8b-neg-no-order', 'male', born(86)), 'no screening', [], ['R8b']],
);

// ------------------------------------------------------------------ R9a–R9d
cases(
  'r9.json',
  [
    new P('r9a-pos', 'male', born(70)).obs('2857-1', '2026-03-01', { value: 1.2, unit: 'ng/mL' }),
    'PSA at 70',
    ['R9a'],
    [],
  ],
  [
    new P('r9a-pos-report', 'male', born(72)).add({
      resourceType: 'DiagnosticReport',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '2857-1', display: 'PSA' }] },
      effectiveDateTime: '2026-03-01',
      conclusion: 'PSA 1.2 ng/mL',
    }),
    'PSA on file only as a final DiagnosticReport',
    ['R9a'],
    [],
  ],
  [
    new P('r9a-pos-order', 'male', born(72)).order(CPT, '84153', '2026-06-30'),
    'PSA order (CPT)',
    ['R9a'],
    [],
  ],
  [
    new P('r9a-neg-69', 'male', born(70, true)).obs('2857-1', '2026-03-01', { value: 1.2, unit: 'ng/mL' }),
    'age 69',
    [],
    ['R9a'],
  ],
  [
    new P('r9a-excl-elevated', 'male', born(75))
      .obs('2857-1', '2026-03-01', { value: 6.2, unit: 'ng/mL' })
      .condition(ICD, 'R97.20', '2025-01-01'),
    'elevated-PSA follow-up',
    [],
    ['R9a'],
  ],
  [
    new P('r9a-excl-cancer-sct', 'male', born(75))
      .obs('2857-1', '2026-03-01', { value: 6.2, unit: 'ng/mL' })
      .condition(SCT, '399068003', '2020-01-01'),
    'prostate cancer (SNOMED)',
    [],
    ['R9a'],
  ],
  [
    new P('r9b-pos', 'female', born(70)).med('854873', 'zolpidem tartrate 10 MG Oral Tablet', '2026-04-01'),
    'zolpidem at 70',
    ['R9b'],
    [],
    { R9b: 'taper' },
  ],
  [
    new P('r9b-pos-two-orders', 'female', born(70))
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2025-09-01', 'completed')
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-02-01', 'completed'),
    'two orders in 12 months',
    ['R9b'],
    [],
  ],
  [
    new P('r9b-neg-one-order', 'female', born(70)).med(
      '197900',
      'lorazepam 0.5 MG Oral Tablet',
      '2026-02-01',
      'completed',
    ),
    'one completed order',
    [],
    ['R9b'],
  ],
  [
    new P('r9b-neg-64', 'female', born(65, true)).med(
      '854873',
      'zolpidem tartrate 10 MG Oral Tablet',
      '2026-04-01',
    ),
    'age 64',
    [],
    ['R9b'],
  ],
  [
    new P('r9b-excl-seizure', 'female', born(70))
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-04-01')
      .condition(ICD, 'G40.909', '2019-01-01'),
    'seizure disorder',
    [],
    ['R9b'],
  ],
  [
    new P('r9b-gad', 'female', born(70))
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-04-01')
      .condition(ICD, 'F41.1', '2019-01-01'),
    'GAD → review wording',
    ['R9b'],
    [],
    { R9b: 'review-anxiety' },
  ],
  [
    new P('r9c-pos-v1', 'female', born(55)).obs('24701-5', '2026-02-01', { value: -0.5, unit: '{T-score}' }),
    'screening DXA at 55, no risk factor',
    ['R9c'],
    [],
    { R9c: 'screening-under-65' },
  ],
  [
    new P('r9c-neg-risk-ra', 'female', born(55))
      .obs('24701-5', '2026-02-01', { value: -0.5, unit: '{T-score}' })
      .condition(ICD, 'M06.9', '2015-01-01'),
    'rheumatoid arthritis',
    [],
    ['R9c'],
  ],
  [new P('r9c-neg-64', 'female', born(64)).order(CPT, '77080', '2026-06-30'), 'age 64', [], ['R9c']],
  [
    new P('r9c-pos-v2', 'male', born(70))
      .condition(ICD, 'M81.0', '2020-01-01')
      .obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' })
      .obs('24701-5', '2025-01-01', { value: -2.8, unit: '{T-score}' }),
    'repeat DXA 14 months apart',
    ['R9c'],
    [],
    { R9c: 'repeat-within-2-years' },
  ],
  [
    new P('r9c-neg-v2-gap', 'male', born(70))
      .condition(ICD, 'M81.0', '2020-01-01')
      .obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' })
      .obs('24701-5', '2024-02-01', { value: -2.8, unit: '{T-score}' }),
    '25 months apart',
    [],
    ['R9c'],
  ],
  [
    new P('r9d-pos', 'male', born(40)).obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' }),
    'vitamin D test, no risk',
    ['R9d'],
    [],
  ],
  [
    new P('r9d-excl-ckd', 'male', born(40))
      .obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' })
      .condition(ICD, 'N18.3', '2020-01-01'),
    'CKD',
    [],
    ['R9d'],
  ],
  [
    new P('r9d-excl-sct-diabetes', 'male', born(40))
      .obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' })
      .condition(SCT, '44054006', '2020-01-01'),
    'diabetes (SNOMED, via VSAC equivalents)',
    [],
    ['R9d'],
  ],
  [
    new P('r9d-neg-old', 'male', born(40)).obs('1989-3', '2025-06-29', { value: 28, unit: 'ng/mL' }),
    'test over 12 months ago',
    [],
    ['R9d'],
  ],
);

// ------------------------------------------------------------------ R10
cases(
  'r10.json',
  [new P('r10-pos-65', 'female', born(65)), '65, no ACP', ['R10'], [], { R10: 'age-65' }],
  [new P('r10-neg-64', 'female', born(65, true)), '64', [], ['R10']],
  [
    new P('r10-neg-acp', 'male', born(70)).procedure(SCT, '713603004', '2023-05-01'),
    'ACP 3 years ago',
    [],
    ['R10'],
  ],
  [
    new P('r10-pos-old-acp', 'male', born(70)).procedure(SCT, '713603004', '2021-06-29'),
    'ACP just over 5 years ago',
    ['R10'],
    [],
  ],
  [
    new P('r10-pos-serious-illness', 'male', born(50)).condition(ICD, 'C25.0', '2026-01-01'),
    'advanced illness at 50',
    ['R10'],
    [],
    { R10: 'serious-illness' },
  ],
  [
    new P('r10-neg-directive', 'female', born(70)).add({
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: LOINC, code: '86533-7' }] },
      category: [{ coding: [{ system: LOINC, code: '42348-3' }] }],
      date: '2024-02-01T10:00:00Z',
      content: [{ attachment: { contentType: 'text/plain', title: 'Living will' } }],
    }),
    'living will on file',
    [],
    ['R10'],
  ],
  [
    new P('r10-excl-hospice', 'female', born(70)).encounter('2026-03-01', {
      type: [{ coding: [{ system: HCPCS, code: 'G9473' }] }],
    }),
    'hospice encounter silences R10 (D5)',
    [],
    ['R10'],
  ],
);

// ================================================================== coverage of every exclusion, window and threshold
// One patient per exclusion the spec lists (…-excl-…), near misses just outside a window or threshold
// (…-neg-… / …-pos-…), and each code system a rule accepts. The coverage test (test/prompts/coverage.test.ts)
// checks the naming: every -pos- fires its rule, every -neg- and -excl- leaves it out.
const I252 = (p: P) => p.condition(ICD, 'I25.2', '2019-03-01');
const I639 = (p: P) => p.condition(ICD, 'I63.9', '2024-02-01');
const PRASUGREL: [string, string] = ['855812', 'prasugrel 10 MG Oral Tablet'];
const HOSPICE_DX = (p: P) => p.condition(SCT, '170935008', '2026-05-01');
const PALLIATIVE_DX = (p: P) => p.condition(ICD, 'Z51.5', '2026-06-01');

cases(
  'r1.json',
  [
    I252(new P('r1-pos-start-75', 'male', born(75))),
    'no statin at exactly 75: the "start" wording, not over-75',
    ['R1'],
    [],
    { R1: 'start' },
  ],
  [
    I252(new P('r1-excl-breastfeeding', 'female', born(35))).condition(ICD, 'Z39.1', '2026-04-01'),
    'breastfeeding (ICD-10 Z39.1) active',
    [],
    ['R1'],
  ],
  [
    I252(new P('r1-excl-rhabdo-sct', 'male', born(60))).condition(SCT, '240131006', '2026-06-01'),
    'rhabdomyolysis (SNOMED) active',
    [],
    ['R1'],
  ],
  [
    I252(new P('r1-pos-rhabdo-resolved', 'male', born(60))).resolved(ICD, 'M62.82', '2024-01-01'),
    'rhabdomyolysis resolved: not "active at T"',
    ['R1'],
    [],
  ],
  [
    I252(new P('r1-excl-allergy-sct', 'male', born(60))).allergy(
      SCT,
      '372912004',
      'Rosuvastatin (substance)',
    ),
    'statin allergy coded in SNOMED',
    [],
    ['R1'],
  ],
  [
    I252(PALLIATIVE_DX(new P('r1-excl-palliative', 'male', born(60)))),
    'palliative-care diagnosis silences R1 (D5)',
    [],
    ['R1'],
  ],
  [
    I252(new P('r1-reason-do-not-perform', 'male', born(60))).med(...ATORVA40, '2026-02-01', 'active', {
      doNotPerform: true,
      reasonCode: [{ text: 'Declined: muscle aches before' }],
    }),
    'statin "do not perform" order: exception, fires as reason-on-file',
    ['R1'],
    [],
    { R1: 'reason-on-file' },
  ],
  [
    I252(new P('r1-reason-muscle-sct', 'male', born(60))).condition(SCT, '240101000', '2025-01-01'),
    'statin muscle symptoms (SNOMED) exception',
    ['R1'],
    [],
    { R1: 'reason-on-file' },
  ],
  [
    I252(new P('r1-reason-liver', 'male', born(60))).condition(ICD, 'K70.30', '2025-01-01'),
    'liver disease exception',
    ['R1'],
    [],
    { R1: 'reason-on-file' },
  ],
  [
    new P('r1-pos-pad-sct', 'male', born(60)).condition(SCT, '413838009', '2020-01-01'),
    'ischemic heart disease (SNOMED) trigger',
    ['R1'],
    [],
  ],
);

cases(
  'r2.json',
  [
    I639(new P('r2-excl-allergy-both', 'male', born(70)))
      .allergy(RX, '1191', 'aspirin')
      .allergy(RX, '32968', 'clopidogrel'),
    'allergic to both aspirin and clopidogrel',
    [],
    ['R2'],
  ],
  [
    I639(new P('r2-pos-allergy-aspirin-only', 'male', born(70))).allergy(RX, '1191', 'aspirin'),
    'aspirin allergy alone: clopidogrel remains → fires',
    ['R2'],
    [],
  ],
  [
    I639(new P('r2-excl-hemorrhagic-sct', 'male', born(70))).condition(SCT, '274100004', '2019-01-01'),
    'haemorrhagic stroke history (SNOMED)',
    [],
    ['R2'],
  ],
  [
    new P('r2-neg-hemorrhage-sequela', 'male', born(70)).condition(ICD, 'I69.10', '2022-01-01'),
    'sequela of haemorrhage only: not an R2 trigger',
    [],
    ['R2', 'R2-safety'],
  ],
  [
    I639(new P('r2-excl-apixaban', 'female', born(70))).med(
      '1364435',
      'apixaban 2.5 MG Oral Tablet',
      '2026-01-01',
    ),
    'on apixaban (oral anticoagulant)',
    [],
    ['R2'],
  ],
  [
    I639(new P('r2-pos-warfarin-stopped', 'male', born(70))).med(
      '855332',
      'warfarin sodium 5 MG Oral Tablet',
      '2025-01-01',
      'stopped',
    ),
    'stopped warfarin does not cover the patient',
    ['R2'],
    [],
  ],
  [HOSPICE_DX(I639(new P('r2-excl-hospice', 'male', born(70)))), 'hospice silences R2 (D5)', [], ['R2']],
  [
    I639(new P('r2-neg-ticagrelor', 'male', born(70))).med(
      '1116635',
      'ticagrelor 90 MG Oral Tablet',
      '2026-01-01',
    ),
    'on ticagrelor',
    [],
    ['R2'],
  ],
  [
    I639(new P('r2-safety-neg-stopped', 'male', born(70))).med(...PRASUGREL, '2025-01-01', 'stopped'),
    'prasugrel stopped: no safety alert, R2 fires',
    ['R2'],
    ['R2-safety'],
  ],
  [
    HOSPICE_DX(I639(new P('r2-safety-pos-hospice', 'male', born(70)))).med(...PRASUGREL, '2026-01-01'),
    'safety alert is not silenced by hospice (D5); R2 is',
    ['R2-safety'],
    ['R2'],
  ],
  [
    new P('r2-safety-pos-sct-tia', 'female', born(60))
      .condition(SCT, '266257000', '2025-11-01')
      .med(...PRASUGREL, '2026-01-01'),
    'prasugrel after a TIA (SNOMED)',
    ['R2-safety'],
    [],
  ],
  [
    new P('r2-safety-neg-hemorrhagic-only', 'male', born(70))
      .condition(ICD, 'I61.9', '2024-01-01')
      .med(...PRASUGREL, '2026-01-01'),
    'prasugrel after haemorrhagic stroke only: not this alert',
    [],
    ['R2-safety', 'R2'],
  ],
);

const coTest = (p: P, dates: string[]) => {
  negPap(p, dates);
  for (const d of dates)
    p.obs('21440-3', d, 'Not detected', {
      interpretation: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'N' },
          ],
        },
      ],
    });
  return p;
};
cases(
  'r3.json',
  [
    negPap(new P('r3-excl-hiv', 'female', born(70)), ['2026-01-15', '2023-01-15', '2020-01-15']).condition(
      ICD,
      'B20',
      '2010-01-01',
    ),
    'HIV: high risk, keep screening',
    [],
    ['R3'],
  ],
  [
    negPap(new P('r3-excl-abnormal-pap', 'female', born(70)), ['2026-01-15', '2023-01-15', '2020-01-15']).obs(
      '10524-7',
      '2005-03-01',
      'LSIL',
      {
        interpretation: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'A' },
            ],
          },
        ],
      },
    ),
    'abnormal Pap 21 years ago (within 25 years)',
    [],
    ['R3'],
  ],
  [
    negPap(new P('r3-pos-abnormal-26y', 'female', born(70)), ['2026-01-15', '2023-01-15', '2020-01-15']).obs(
      '10524-7',
      '2000-06-01',
      'LSIL',
      {
        interpretation: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'A' },
            ],
          },
        ],
      },
    ),
    'abnormal Pap 26 years ago: outside the 25-year look-back',
    ['R3'],
    [],
    { R3: 'stop' },
  ],
  [
    negPap(new P('r3-excl-declined', 'female', born(66)), ['2026-01-15', '2023-01-15', '2020-01-15']).add({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      activity: [
        buildDeclineActivity({
          rule: 'R3',
          date: '2026-02-01',
          reason: 'Prefers to continue cervical screening',
        }),
      ],
    }),
    "patient's informed preference to continue, recorded as a decline",
    [],
    ['R3'],
  ],
  [
    negPap(new P('r3-pos-no-cervix-icd', 'female', born(45)), ['2026-03-01']).condition(
      ICD,
      'Z90.710',
      '2016-01-01',
    ),
    'Pap with acquired absence of cervix (ICD-10)',
    ['R3'],
    [],
    { R3: 'no-cervix' },
  ],
  [
    negPap(new P('r3-neg-no-cervix-pap-before', 'female', born(50)), ['2026-03-01']).procedure(
      SCT,
      '116140006',
      '2026-05-01',
    ),
    'the only Pap predates the hysterectomy',
    [],
    ['R3'],
  ],
  [
    coTest(new P('r3-pos-cotests', 'female', born(67)), ['2025-09-01', '2021-09-01']),
    'two negative co-tests (D11)',
    ['R3'],
    [],
    { R3: 'stop' },
  ],
  [
    negPap(new P('r3-pos-latest-over-5y', 'female', born(70)), [
      '2021-06-01',
      '2018-06-01',
      '2016-07-01',
    ]).order(CPT, '88142', '2026-06-30'),
    'three negatives but the newest over 5 years ago: check history',
    ['R3'],
    [],
    { R3: 'check-history' },
  ],
);

cases(
  'r4.json',
  [
    a1c(new P('r4-pos-65', 'male', born(65)).condition(ICD, 'E11.9', '2010-01-01'), 6.9).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'exactly 65, A1c 6.9',
    ['R4'],
    [],
    { R4: 'tier-a' },
  ],
  [
    a1c(new P('r4-neg-75-a1c-7-5', 'female', born(75)).condition(ICD, 'E11.9', '2010-01-01'), 7.5).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'A1c exactly 7.5 at 75 (strict, D9)',
    [],
    ['R4'],
  ],
  [
    a1c(new P('r4-neg-74-a1c-7-3', 'female', born(75, true)).condition(ICD, 'E11.9', '2010-01-01'), 7.3).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2026-01-01',
    ),
    'A1c 7.3 at 74: threshold still 7.0',
    [],
    ['R4'],
  ],
  [
    a1c(
      new P('r4-pos-frail-7-2', 'male', born(70))
        .condition(ICD, 'E11.9', '2010-01-01')
        .condition(ICD, 'R54', '2026-03-01'),
      7.2,
    ).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'),
    'A1c 7.2 with frailty: limited benefit raises the threshold to 7.5 (D9)',
    ['R4'],
    [],
  ],
  [
    a1c(new P('r4-neg-glipizide-stopped', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.5).med(
      '310488',
      'glipizide 10 MG Oral Tablet',
      '2025-06-01',
      'stopped',
    ),
    'sulfonylurea stopped',
    [],
    ['R4'],
  ],
  [
    a1c(
      HOSPICE_DX(new P('r4-comfort-hospice', 'female', born(80)).condition(SCT, '44054006', '2010-01-01')),
      6.2,
    ).med('311041', 'insulin glargine 100 UNT/ML Injectable Solution', '2026-01-01'),
    'hospice → comfort wording, not silenced (D5)',
    ['R4'],
    [],
    { R4: 'comfort' },
  ],
);

const BASE_BP = (p: P) =>
  twoLow(p, 115, 70, 118, 68)
    .med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01')
    .condition(ICD, 'R55', '2026-03-01');
cases(
  'r5.json',
  [twoClasses(BASE_BP(new P('r5-pos-65', 'female', born(65)))), 'exactly 65', ['R5'], [], { R5: 'tier-a' }],
  [twoClasses(BASE_BP(new P('r5-neg-64', 'female', born(65, true)))), 'age 64', [], ['R5']],
  [
    BASE_BP(new P('r5-excl-bph-alpha-blocker', 'male', born(70)))
      .med('197626', 'doxazosin 2 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'N40.0', '2020-01-01'),
    'alpha-1 blocker with BPH does not count',
    [],
    ['R5'],
  ],
  [
    BASE_BP(new P('r5-pos-alpha-blocker-no-bph', 'male', born(70))).med(
      '197626',
      'doxazosin 2 MG Oral Tablet',
      '2026-01-01',
    ),
    'alpha-1 blocker without BPH counts',
    ['R5'],
    [],
  ],
  [
    BASE_BP(new P('r5-excl-hf-loop', 'female', born(70)))
      .med('310429', 'furosemide 20 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'I50.9', '2021-01-01'),
    'loop diuretic with heart failure does not count',
    [],
    ['R5'],
  ],
  [
    BASE_BP(new P('r5-excl-hfref-mra', 'female', born(70)))
      .med('313096', 'spironolactone 25 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'I50.22', '2021-01-01'),
    'MRA with HFrEF does not count',
    [],
    ['R5'],
  ],
  [
    BASE_BP(new P('r5-excl-af-diltiazem', 'female', born(70)))
      .med('831054', 'diltiazem hydrochloride 120 MG Oral Tablet', '2026-01-01')
      .condition(ICD, 'I48.91', '2021-01-01'),
    'non-DHP CCB with AF does not count',
    [],
    ['R5'],
  ],
  [
    twoClasses(BASE_BP(new P('r5-excl-inpatient', 'female', born(70)))).encounter('2026-06-28', {
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      period: { start: '2026-06-28T10:00:00-05:00' },
    }),
    'in hospital at T',
    [],
    ['R5'],
  ],
  [
    twoClasses(BASE_BP(PALLIATIVE_DX(new P('r5-comfort-palliative', 'female', born(70))))),
    'palliative care → comfort wording (D5)',
    ['R5'],
    [],
    { R5: 'comfort' },
  ],
  [
    twoClasses(twoLow(new P('r5-pos-dbp-64', 'female', born(70)), 125, 64, 125, 64)).condition(
      ICD,
      'R55',
      '2026-03-01',
    ),
    'mean DBP 64 < 65',
    ['R5'],
    [],
    { R5: 'tier-a' },
  ],
  [
    twoClasses(twoLow(new P('r5-neg-dbp-65', 'female', born(70)), 125, 65, 125, 65)).condition(
      ICD,
      'R55',
      '2026-03-01',
    ),
    'mean DBP exactly 65, SBP 125',
    [],
    ['R5'],
  ],
  [
    twoClasses(twoLow(new P('r5-neg-79-sbp-126', 'male', born(80, true)), 125, 70, 127, 72)).condition(
      SCT,
      '45007003',
      '2026-02-01',
    ),
    'SBP 126 at 79: tier A, needs < 120',
    [],
    ['R5'],
  ],
  [
    twoClasses(
      new P('r5-neg-old-reading', 'female', born(70)).bp('2025-12-29', 115, 70).bp('2026-06-30', 118, 68),
    ).condition(ICD, 'R55', '2026-03-01'),
    'second reading just over 6 months old: one reading (D10)',
    [],
    ['R5'],
  ],
  [
    twoClasses(twoLow(new P('r5-pos-orthostatic', 'female', born(70)), 115, 70, 118, 68))
      .obs('8459-0', '2026-05-01', { value: 130, unit: 'mm[Hg]' })
      .obs('8460-8', '2026-05-01', { value: 108, unit: 'mm[Hg]' }),
    'risk flag: orthostatic drop of 22 mmHg',
    ['R5'],
    [],
  ],
  [
    twoClasses(twoLow(new P('r5-neg-orthostatic-19', 'female', born(70)), 115, 70, 118, 68))
      .obs('8459-0', '2026-05-01', { value: 130, unit: 'mm[Hg]' })
      .obs('8460-8', '2026-05-01', { value: 111, unit: 'mm[Hg]' }),
    'standing drop of 19 mmHg is no risk flag',
    [],
    ['R5'],
  ],
);

const LBP = (p: P) => p.condition(ICD, 'M54.50', '2026-06-10').order(CPT, '72148', '2026-06-29');
cases(
  'r6.json',
  [
    LBP(new P('r6-excl-trauma-fracture', 'male', born(40))).condition(ICD, 'S32.010A', '2026-06-08'),
    'red flag: lumbar fracture (trauma range, not a trigger)',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-trauma-fall', 'male', born(40))).resolved(ICD, 'W19.XXXA', '2026-06-08'),
    'red flag: a fall (external cause) 3 weeks before',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-sepsis', 'male', born(40))).resolved(ICD, 'A41.9', '2026-06-01'),
    'red flag: sepsis in the 42 days',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-osteomyelitis', 'male', born(40))).condition(ICD, 'M46.26', '2026-06-20'),
    'red flag: vertebral osteomyelitis',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-ivdu', 'male', born(40))).condition(ICD, 'F11.20', '2025-01-01'),
    'red flag: opioid use disorder (IV-drug proxy), active',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-cauda-equina', 'male', born(40))).condition(ICD, 'G83.4', '2026-06-28'),
    'red flag: cauda equina',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-excl-fever', 'male', born(40))).resolved(ICD, 'R50.9', '2026-05-18'),
    'red flag: fever exactly 42 days before the imaging',
    [],
    ['R6'],
  ],
  [
    LBP(new P('r6-pos-fever-43d', 'male', born(40))).resolved(ICD, 'R50.9', '2026-05-17'),
    'resolved fever 43 days before the imaging',
    ['R6'],
    [],
  ],
  [
    LBP(new P('r6-pos-redflag-after', 'male', born(40))).resolved(ICD, 'R50.9', '2026-06-30'),
    'fever recorded after the imaging order',
    ['R6'],
    [],
  ],
  [
    LBP(new P('r6-excl-osteoporosis', 'female', born(70))).condition(ICD, 'M80.08XA', '2026-06-01'),
    'red flag: osteoporotic fracture',
    [],
    ['R6'],
  ],
  [
    HOSPICE_DX(LBP(new P('r6-pos-hospice', 'male', born(70)))),
    'hospice does not silence overuse prompts (D5)',
    ['R6'],
    ['R8a'],
  ],
  [
    new P('r6-pos-sciatica-sct', 'female', born(40))
      .condition(SCT, '23056005', '2026-06-15')
      .order(CPT, '72131', '2026-06-29'),
    'sciatica (SNOMED) + lumbar CT',
    ['R6'],
    [],
  ],
);

cases(
  'r7.json',
  [
    uri(new P('r7-excl-prior-antibiotic', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .med(...AMOX, '2026-05-21', 'completed')
      .med(...AMOX, '2026-06-20'),
    'an antibiotic 30 days before the visit',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-pos-prior-antibiotic-31d', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .med(...AMOX, '2026-05-20', 'completed')
      .med(...AMOX, '2026-06-20'),
    'the earlier antibiotic is 31 days before',
    ['R7'],
    [],
  ],
  [
    HOSPICE_DX(uri(new P('r7-excl-hospice', 'male', born(60)), ICD, 'J06.9', '2026-06-20')).med(
      ...AMOX,
      '2026-06-20',
    ),
    'hospice',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-excl-copd-sct', 'male', born(60)), SCT, '82272006', '2026-06-20')
      .condition(SCT, '13645005', '2018-01-01')
      .med(...AMOX, '2026-06-20'),
    'COPD (SNOMED) with a URI (SNOMED)',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-excl-comorbid-cancer', 'male', born(60)), ICD, 'J06.9', '2026-06-20')
      .resolved(ICD, 'C34.90', '2025-08-01')
      .med(...AMOX, '2026-06-20'),
    'comorbid cancer dated in the 12 months before',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-pos-comorbid-old', 'male', born(60)), ICD, 'J06.9', '2026-06-20')
      .resolved(ICD, 'C34.90', '2025-06-19')
      .med(...AMOX, '2026-06-20'),
    'resolved comorbid cancer 12 months + 1 day before',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-pos-competing-day4', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .condition(ICD, 'J01.90', '2026-06-24')
      .med(...AMOX, '2026-06-21'),
    'sinusitis 4 days later is outside the window',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-excl-competing-recorded-at-visit', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .condition(ICD, 'J01.90', '2026-06-08', { recordedDate: '2026-06-20' })
      .med(...AMOX, '2026-06-20'),
    'sinusitis that began 12 days earlier, diagnosed at the visit (D19)',
    [],
    ['R7'],
  ],
  [
    atVisit(
      uri(new P('r7-excl-competing-at-encounter', 'male', born(30)), ICD, 'J06.9', '2026-06-20'),
      ICD,
      'J01.90',
      '2026-06-08',
    ).med(...AMOX, '2026-06-20'),
    'sinusitis with an earlier onset, diagnosed at the visit it references (D19)',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-pos-competing-recorded-before', 'male', born(30)), ICD, 'J06.9', '2026-06-20')
      .condition(ICD, 'J01.90', '2026-06-08', { recordedDate: '2026-06-19' })
      .med(...AMOX, '2026-06-20'),
    'sinusitis recorded the day before the visit is outside the window (D19)',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-excl-pneumonia', 'male', born(30)), ICD, 'J40', '2026-06-20')
      .condition(ICD, 'J18.9', '2026-06-23')
      .med(...AMOX, '2026-06-20'),
    'bronchitis, pneumonia on day 3 (competing)',
    [],
    ['R7'],
  ],
  [
    uri(new P('r7-pos-day3', 'male', born(30)), ICD, 'J20.9', '2026-06-20').med(...AMOX, '2026-06-23'),
    'antibiotic on day 3 (edge of 0–3)',
    ['R7'],
    [],
  ],
  [
    PALLIATIVE_DX(uri(new P('r7-pos-palliative', 'male', born(60)), ICD, 'J06.9', '2026-06-20')).med(
      ...AMOX,
      '2026-06-20',
    ),
    'palliative (not hospice) does not exclude R7',
    ['R7'],
    [],
  ],
  [
    new P('r7-pos-evisit', 'female', born(30))
      .encounter('2026-06-22', {
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR' },
        type: [{ coding: [{ system: CPT, code: '99421' }] }],
        reasonCode: [{ coding: [{ system: ICD, code: 'J06.9' }] }],
      })
      .med(...AMOX, '2026-06-22'),
    'e-visit with a URI reason + antibiotic',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-pos-3-months', 'female', '2026-03-30'), ICD, 'J06.9', '2026-06-20').med(
      ...AMOX,
      '2026-06-20',
    ),
    'exactly 3 months old',
    ['R7'],
    [],
  ],
  [
    uri(new P('r7-neg-2-months', 'female', '2026-03-31'), ICD, 'J06.9', '2026-06-20').med(
      ...AMOX,
      '2026-06-20',
    ),
    'one day short of 3 months',
    [],
    ['R7'],
  ],
);

cases(
  'r8.json',
  [
    new P('r8a-excl-colectomy', 'male', born(60)).procedure(SCT, '26390003', '2015-01-01'),
    'total colectomy (SNOMED)',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-excl-colectomy-cpt', 'male', born(60)).procedure(CPT, '44150', '2015-01-01'),
    'total colectomy (CPT)',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-excl-crc-sct', 'female', born(60)).condition(SCT, '363406005', '2021-01-01'),
    'colon cancer (SNOMED)',
    [],
    ['R8a'],
  ],
  [HOSPICE_DX(new P('r8a-excl-hospice', 'female', born(60))), 'hospice silences R8a', [], ['R8a']],
  [
    PALLIATIVE_DX(new P('r8a-excl-palliative', 'female', born(60))),
    'palliative care silences R8a',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-excl-frail-dementia', 'female', born(66))
      .condition(ICD, 'R54', '2026-02-01')
      .condition(ICD, 'F03.90', '2025-01-01'),
    'exactly 66 with frailty and dementia (D7)',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-pos-frail-advanced-65', 'female', born(65))
      .condition(ICD, 'R54', '2026-02-01')
      .condition(ICD, 'C25.0', '2025-09-01'),
    'frailty + advanced illness at 65: not withheld (D7 needs ≥ 66)',
    ['R8a'],
    [],
  ],
  [
    new P('r8a-pos-frail-advanced-old', 'female', born(70))
      .condition(ICD, 'R54', '2026-02-01')
      .resolved(ICD, 'C25.0', '2024-06-29'),
    'advanced illness resolved just over 2 years ago',
    ['R8a'],
    [],
  ],
  [
    new P('r8a-neg-sdna-3y', 'male', born(60)).obs('77353-1', '2023-06-30', 'Negative'),
    'sDNA-FIT exactly 3 years ago',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-pos-sdna-old', 'male', born(60)).obs('77353-1', '2023-06-29', 'Negative'),
    'sDNA-FIT 3 years + 1 day ago',
    ['R8a'],
    [],
  ],
  [
    new P('r8a-neg-ct-colonography', 'male', born(60)).obs('60515-4', '2022-01-01', 'No polyps'),
    'CT colonography 4.5 years ago',
    [],
    ['R8a'],
  ],
  [
    new P('r8a-pos-flexsig-old', 'male', born(60)).procedure(CPT, '45330', '2021-06-29'),
    'flexible sigmoidoscopy 5 years + 1 day ago',
    ['R8a'],
    [],
  ],
  [
    new P('r8a-pos-colonoscopy-old', 'male', born(60)).procedure(SCT, '73761001', '2016-06-29'),
    'colonoscopy 10 years + 1 day ago',
    ['R8a'],
    [],
  ],
  [
    new P('r8b-excl-adenoma', 'male', born(86))
      .order(CPT, '45378', '2026-06-30')
      .condition(ICD, 'Z86.010', '2018-01-01'),
    'surveillance after adenoma',
    [],
    ['R8b'],
  ],
  [
    new P('r8b-excl-ibd', 'female', born(86))
      .order(CPT, '45378', '2026-06-30')
      .condition(ICD, 'K51.90', '2000-01-01'),
    'surveillance for ulcerative colitis',
    [],
    ['R8b'],
  ],
  [
    new P('r8b-excl-rectal-bleeding', 'male', born(86))
      .order(CPT, '45378', '2026-06-30')
      .condition(ICD, 'K62.5', '2026-06-20'),
    'diagnostic work-up: rectal bleeding',
    [],
    ['R8b'],
  ],
  [
    new P('r8b-excl-iron-deficiency', 'female', born(80))
      .order(CPT, '45378', '2026-06-30')
      .resolved(ICD, 'D50.9', '2025-09-01'),
    'diagnostic work-up: iron-deficiency anaemia in the last 12 months',
    [],
    ['R8b'],
  ],
  [
    new P('r8b-pos-old-workup', 'male', born(86))
      .order(CPT, '45378', '2026-06-30')
      .resolved(ICD, 'K62.5', '2025-06-29'),
    'rectal bleeding resolved 12 months + 1 day ago',
    ['R8b'],
    [],
    { R8b: 'over-85' },
  ],
  [
    new P('r8b-excl-crc-sct', 'male', born(86))
      .order(CPT, '45378', '2026-06-30')
      .condition(SCT, '363406005', '2015-01-01'),
    'colon cancer history (SNOMED)',
    [],
    ['R8b'],
  ],
  [
    new P('r8b-pos-85', 'male', born(85)).order(CPT, '45378', '2026-06-30'),
    'exactly 85: selective variant (D15)',
    ['R8b'],
    [],
    { R8b: 'selective-76-85' },
  ],
  [
    new P('r8b-pos-76', 'female', born(76)).order(HCPCS, 'G0328', '2026-06-30'),
    'exactly 76, FIT order (HCPCS)',
    ['R8b'],
    ['R8a'],
    { R8b: 'selective-76-85' },
  ],
  [
    new P('r8b-pos-screening-dx', 'male', born(86)).condition(ICD, 'Z12.11', '2026-06-30', {
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-category',
              code: 'encounter-diagnosis',
            },
          ],
        },
      ],
    }),
    'Z12.11 screening encounter at 86',
    ['R8b'],
    [],
  ],
  [
    new P('r8b-neg-old-service', 'male', born(86)).procedure(SCT, '73761001', '2025-06-29'),
    'colonoscopy just over 12 months ago',
    [],
    ['R8b'],
  ],
);

const PSA = (p: P) => p.obs('2857-1', '2026-03-01', { value: 4.5, unit: 'ng/mL' });
const DXA = (p: P) => p.obs('24701-5', '2026-02-01', { value: -0.5, unit: '{T-score}' });
const V2 = (p: P) =>
  p
    .condition(ICD, 'M81.0', '2020-01-01')
    .obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' })
    .obs('24701-5', '2025-01-01', { value: -2.8, unit: '{T-score}' });
const VITD = (p: P) => p.obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' });
const LORAZEPAM = (p: P) => p.med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-04-01');
cases(
  'r9.json',
  [
    PSA(new P('r9a-excl-c61', 'male', born(75))).condition(ICD, 'C61', '2018-01-01'),
    'prostate cancer (ICD-10)',
    [],
    ['R9a'],
  ],
  [
    PSA(new P('r9a-excl-family-history', 'male', born(72))).condition(ICD, 'Z80.42', '2010-01-01'),
    'family history of prostate cancer',
    [],
    ['R9a'],
  ],
  [
    PSA(new P('r9a-excl-d40', 'male', born(72))).condition(ICD, 'D40.0', '2022-01-01'),
    'prostate neoplasm of uncertain behaviour',
    [],
    ['R9a'],
  ],
  [
    PSA(new P('r9a-excl-d07-5', 'male', born(72))).condition(ICD, 'D07.5', '2022-01-01'),
    'prostate carcinoma in situ',
    [],
    ['R9a'],
  ],
  [
    new P('r9a-neg-old-psa', 'male', born(72)).obs('2857-1', '2025-06-29', { value: 1.2, unit: 'ng/mL' }),
    'PSA just over 12 months ago',
    [],
    ['R9a'],
  ],
  [
    HOSPICE_DX(PSA(new P('r9a-pos-hospice', 'male', born(75)))),
    'overuse keeps firing under hospice (D5)',
    ['R9a'],
    [],
  ],
  [LORAZEPAM(new P('r9b-pos-65', 'male', born(65))), 'exactly 65', ['R9b'], [], { R9b: 'taper' }],
  [
    LORAZEPAM(new P('r9b-excl-rem-sleep', 'male', born(70))).condition(ICD, 'G47.52', '2020-01-01'),
    'REM sleep behaviour disorder',
    [],
    ['R9b'],
  ],
  [
    LORAZEPAM(new P('r9b-excl-benzo-withdrawal', 'male', born(70))).resolved(ICD, 'F13.239', '2025-06-01'),
    'benzodiazepine withdrawal within a year of the index order',
    [],
    ['R9b'],
  ],
  [
    LORAZEPAM(new P('r9b-excl-alcohol-withdrawal', 'male', born(70))).resolved(ICD, 'F10.231', '2025-04-01'),
    'alcohol withdrawal exactly 12 months before the index order',
    [],
    ['R9b'],
  ],
  [
    LORAZEPAM(new P('r9b-pos-alcohol-withdrawal-old', 'male', born(70))).resolved(
      ICD,
      'F10.231',
      '2025-03-31',
    ),
    'alcohol withdrawal 12 months + 1 day before the index order',
    ['R9b'],
    [],
  ],
  [
    LORAZEPAM(new P('r9b-excl-seizure-sct', 'female', born(70))).condition(SCT, '84757009', '2015-01-01'),
    'epilepsy (SNOMED)',
    [],
    ['R9b'],
  ],
  [HOSPICE_DX(LORAZEPAM(new P('r9b-excl-hospice', 'female', born(70)))), 'hospice', [], ['R9b']],
  [
    PALLIATIVE_DX(LORAZEPAM(new P('r9b-excl-palliative', 'female', born(70)))),
    'palliative care',
    [],
    ['R9b'],
  ],
  [
    LORAZEPAM(new P('r9b-gad-sct', 'female', born(70))).condition(SCT, '21897009', '2019-01-01'),
    'GAD (SNOMED) → review wording',
    ['R9b'],
    [],
    { R9b: 'review-anxiety' },
  ],
  [
    new P('r9b-neg-order-13mo', 'female', born(70))
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2025-06-29', 'completed')
      .med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-02-01', 'completed'),
    'second order just over 12 months ago',
    [],
    ['R9b'],
  ],
  [DXA(new P('r9c-pos-50', 'female', born(50))), 'exactly 50', ['R9c'], [], { R9c: 'screening-under-65' }],
  [DXA(new P('r9c-neg-49', 'female', born(50, true))), 'age 49', [], ['R9c']],
  [DXA(new P('r9c-pos-63', 'female', born(63))), 'age 63 (D16)', ['R9c'], []],
  [DXA(new P('r9c-neg-male', 'male', born(55))), 'man of 55 (variant 1 is for women)', [], ['R9c']],
  [
    DXA(new P('r9c-excl-bmi-20', 'female', born(55))).obs('39156-5', '2026-01-15', {
      value: 20,
      unit: 'kg/m2',
    }),
    'BMI exactly 20',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-pos-bmi-20-1', 'female', born(55))).obs('39156-5', '2026-01-15', {
      value: 20.1,
      unit: 'kg/m2',
    }),
    'BMI 20.1',
    ['R9c'],
    [],
  ],
  [
    DXA(new P('r9c-excl-alcohol-3', 'female', born(55))).obs('74013-4', '2026-01-15', {
      value: 3,
      unit: '{drinks}/d',
    }),
    'three drinks a day',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-pos-alcohol-2', 'female', born(55))).obs('74013-4', '2026-01-15', {
      value: 2,
      unit: '{drinks}/d',
    }),
    'two drinks a day is not "more than 2"',
    ['R9c'],
    [],
  ],
  [
    DXA(new P('r9c-excl-glucocorticoid', 'female', born(55))).med(
      '198145',
      'prednisone 10 MG Oral Tablet',
      '2025-11-01',
    ),
    'oral glucocorticoid',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-aromatase', 'female', born(55))).med(
      '199224',
      'anastrozole 1 MG Oral Tablet',
      '2025-11-01',
    ),
    'aromatase inhibitor',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-osteopenia-sct', 'female', born(55))).condition(SCT, '312894000', '2022-01-01'),
    'osteopenia (SNOMED)',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-osteopenia-icd', 'female', born(55))).condition(ICD, 'M85.80', '2022-01-01'),
    'osteopenia (ICD-10)',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-hyperthyroid', 'female', born(55))).condition(ICD, 'E05.90', '2022-01-01'),
    'hyperthyroidism',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-hyperparathyroid', 'female', born(55))).condition(ICD, 'E21.0', '2022-01-01'),
    'hyperparathyroidism',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-malabsorption', 'female', born(55))).condition(ICD, 'K90.0', '2022-01-01'),
    'malabsorption (coeliac)',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-liver', 'female', born(55))).condition(ICD, 'K70.30', '2022-01-01'),
    'chronic liver disease',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-premature-menopause', 'female', born(55))).condition(ICD, 'E28.310', '2010-01-01'),
    'premature menopause',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-type1', 'female', born(55))).condition(ICD, 'E10.9', '1990-01-01'),
    'type 1 diabetes',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-esrd', 'female', born(55))).condition(ICD, 'N18.6', '2024-01-01'),
    'ESRD',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-parent-hip', 'female', born(55))).condition(SCT, '445501000124107', '2024-01-01'),
    'parental hip fracture',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-risk-tool', 'female', born(55))).obs('90265-0', '2026-01-15', {
      value: 12,
      unit: '%',
    }),
    'FRAX result on file',
    [],
    ['R9c'],
  ],
  [
    DXA(new P('r9c-excl-fracture', 'female', born(55))).condition(ICD, 'M80.08XA', '2026-01-10'),
    'current osteoporotic fracture',
    [],
    ['R9c'],
  ],
  [
    V2(new P('r9c-excl-v2-cancer', 'male', born(70))).condition(ICD, 'C50.911', '2025-06-01'),
    'repeat DXA with cancer (variant 2 exclusion)',
    [],
    ['R9c'],
  ],
  [
    V2(new P('r9c-excl-v2-fracture', 'male', born(70))).resolved(ICD, 'M80.08XA', '2025-10-01'),
    'repeat DXA after a fragility fracture within 2 years',
    [],
    ['R9c'],
  ],
  [
    V2(new P('r9c-pos-v2-old-cancer', 'male', born(70))).resolved(ICD, 'C50.911', '2024-06-29'),
    'cancer resolved 2 years + 1 day ago',
    ['R9c'],
    [],
    { R9c: 'repeat-within-2-years' },
  ],
  [
    new P('r9c-pos-v2-sct', 'female', born(70))
      .condition(SCT, '64859006', '2020-01-01')
      .order(CPT, '77080', '2026-06-30')
      .procedure(CPT, '77080', '2024-07-01'),
    'osteoporosis (SNOMED), DXA ordered 2 years after the last (730 days)',
    ['R9c'],
    [],
    { R9c: 'repeat-within-2-years' },
  ],
  [
    new P('r9c-neg-v2-dx-after', 'male', born(70))
      .condition(ICD, 'M81.0', '2026-05-01')
      .obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' })
      .obs('24701-5', '2025-01-01', { value: -2.8, unit: '{T-score}' }),
    'osteoporosis diagnosed after the repeat scan',
    [],
    ['R9c'],
  ],
  [
    VITD(new P('r9d-excl-90d-sarcoid', 'male', born(40))).resolved(ICD, 'D86.9', '2026-01-01'),
    'sarcoidosis exactly 90 days before the test',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-pos-90d-sarcoid-91', 'male', born(40))).resolved(ICD, 'D86.9', '2025-12-31'),
    'sarcoidosis 91 days before the test',
    ['R9d'],
    [],
  ],
  [
    VITD(new P('r9d-excl-90d-seizure-sct', 'male', born(40))).resolved(SCT, '84757009', '2026-03-01'),
    'seizure disorder (SNOMED) within 90 days',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-excl-365d-fracture', 'male', born(40))).resolved(ICD, 'S32.010A', '2025-04-01'),
    'lumbar fracture exactly 365 days before the test',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-pos-365d-fracture-366', 'male', born(40))).resolved(ICD, 'S32.010A', '2025-03-31'),
    'lumbar fracture 366 days before the test',
    ['R9d'],
    [],
  ],
  [
    VITD(new P('r9d-excl-365d-fall', 'female', born(70))).resolved(ICD, 'Z91.81', '2025-10-01'),
    'fall history within 365 days',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-excl-same-day-pregnancy', 'female', born(30))).resolved(ICD, 'O09.90', '2026-04-01'),
    'pregnancy coded the same day',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-excl-same-day-bmi', 'male', born(40))).resolved(ICD, 'Z68.41', '2026-04-01'),
    'BMI-coded visit the same day',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-pos-obesity-day-before', 'male', born(40))).resolved(ICD, 'E66.9', '2026-03-31'),
    'obesity coded the day before (same-day window)',
    ['R9d'],
    [],
  ],
  [
    VITD(new P('r9d-excl-vitd-deficiency', 'male', born(40))).resolved(ICD, 'E55.9', '2019-01-01'),
    'vitamin D deficiency at any time before',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-excl-steroids', 'male', born(40))).condition(ICD, 'Z79.52', '2024-01-01'),
    'long-term systemic steroids',
    [],
    ['R9d'],
  ],
  [
    VITD(new P('r9d-pos-ckd-after', 'male', born(40))).condition(ICD, 'N18.3', '2026-05-01'),
    'CKD first recorded after the test',
    ['R9d'],
    [],
  ],
  [
    new P('r9d-pos-order-cpt', 'female', born(40)).order(CPT, '82306', '2026-06-30'),
    '25-OH vitamin D order (CPT)',
    ['R9d'],
    [],
  ],
  [
    HOSPICE_DX(VITD(new P('r9d-pos-hospice', 'male', born(70)))),
    'overuse keeps firing under hospice (D5)',
    ['R9d'],
    [],
  ],
);

cases(
  'r10.json',
  [
    new P('r10-neg-1123f', 'female', born(70)).procedure(CPT, '1123F', '2024-01-01'),
    'ACP CPT II code 1123F',
    [],
    ['R10'],
  ],
  [
    new P('r10-neg-99497', 'female', born(70)).procedure(CPT, '99497', '2021-06-30'),
    'ACP billing code exactly 5 years ago',
    [],
    ['R10'],
  ],
  [
    new P('r10-neg-polst', 'male', born(70)).obs('81352-7', '2023-01-01', 'POLST in place'),
    'POLST in place [Reported]',
    [],
    ['R10'],
  ],
  [
    PALLIATIVE_DX(new P('r10-excl-palliative', 'female', born(70))),
    'palliative care silences R10 (D5)',
    [],
    ['R10'],
  ],
  [
    new P('r10-neg-resolved-illness', 'male', born(50)).resolved(ICD, 'C25.0', '2024-06-29'),
    'serious illness over 2 years ago, resolved, at 50',
    [],
    ['R10'],
  ],
);

// ------------------------------------------------------------------ priorities and declines
const declined = (id: string, date: string): Draft => ({
  resourceType: 'CarePlan',
  status: 'active',
  intent: 'plan',
  category: [
    { coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }] },
  ],
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Shared care plan</div>' },
  // The same shape the app writes when a clinician records a decline.
  activity: [buildDeclineActivity({ rule: 'R1', date, reason: 'Does not want another daily pill' })],
  id,
});
cases(
  'priorities.json',
  [
    new P('prio-burdensome-pills', 'female', born(60)).condition(ICD, 'I25.2', '2019-03-01').add({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '81338-6' }] },
      valueString: 'Taking more pills is a burden to me',
      effectiveDateTime: '2026-06-01',
    }),
    'burdensome pills reword R1',
    ['R1', 'R8a'],
    [],
  ],
  [
    a1c(new P('prio-eol-goal', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.8)
      .med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01')
      .add({
        resourceType: 'Goal',
        lifecycleStatus: 'proposed',
        expressedBy: { reference: 'Patient/prio-eol-goal' },
        category: [
          {
            coding: [
              {
                system: 'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary',
                code: 'what-matters',
              },
            ],
          },
          {
            coding: [
              {
                system: 'http://hl7.org/fhir/us/pco/CodeSystem/pco-goal-domains-temporary',
                code: 'end-of-life',
              },
            ],
          },
        ],
        description: { text: 'Stay at home and comfortable until the end' },
      }),
    'end-of-life goal rewords R4',
    ['R4'],
    [],
  ],
  [
    new P('decline-active', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .add(declined('decline-active-plan', '2025-07-01')),
    'R1 declined 364 days ago',
    [],
    ['R1'],
  ],
  [
    new P('decline-expired', 'male', born(60))
      .condition(ICD, 'I25.2', '2019-03-01')
      .add(declined('decline-expired-plan', '2025-06-30')),
    'R1 declined exactly 12 months ago',
    ['R1'],
    [],
  ],
  [
    new P('deceased', 'male', born(70))
      .condition(ICD, 'I25.2', '2019-03-01')
      .add({ resourceType: 'Observation', status: 'final', code: { text: 'note' } }),
    'deceased: no prompts',
    [],
    ['R1', 'R10'],
  ],
);
// A deceased patient: mark after construction so the fixture stays one line above.
const deceased = files['priorities.json']?.find((c) => c.id === 'deceased')?.resources[0];
if (deceased?.resourceType === 'Patient') deceased.deceasedDateTime = '2026-06-30';

/** Every file this script writes, with its contents, built in memory (the fixture test compares them). */
export function renderFixtures(): Map<URL, string> {
  const out = new Map<URL, string>();
  const expectations: Record<string, Omit<Case, 'resources' | 'id'> & { file: string }> = {};
  for (const [file, list] of Object.entries(files)) {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      id: file.replace('.json', ''),
      type: 'collection',
      entry: list.flatMap((c) =>
        c.resources.map((resource) => ({
          fullUrl: `https://common-ground.example/fhir/${resource.resourceType}/${resource.id ?? ''}`,
          resource,
        })),
      ),
    };
    out.set(new URL(file, OUT), `${JSON.stringify(bundle, null, 1)}\n`);
    for (const c of list)
      expectations[c.id] = {
        file,
        note: c.note,
        fires: c.fires,
        absent: c.absent,
        ...(c.variants ? { variants: c.variants } : {}),
      };
  }
  // Kept out of this folder: the sandbox and the CLI load every .json here as FHIR.
  out.set(
    new URL('../../test/prompts/fixture-expectations.json', OUT),
    `${JSON.stringify({ evaluationDate: EVALUATION_DATE, patients: expectations }, null, 1)}\n`,
  );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = renderFixtures();
  for (const [url, text] of out) writeFileSync(url, text);
  console.log(`wrote ${out.size - 1} bundles, ${Object.values(files).flat().length} patients`);
}
