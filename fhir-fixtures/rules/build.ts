/**
 * Writes the hand-made rule fixtures (one Bundle per rule family) and expectations.json.
 *   npx tsx fhir-fixtures/rules/build.ts
 * Every patient's newest Encounter is ON the evaluation date below (the sandbox shifts dates so that
 * Encounter becomes "yesterday" — keep the relation). Ages sit on threshold birthdays.
 */
import { writeFileSync } from 'node:fs';
import type { Bundle, Resource } from 'fhir/r4';
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
  resources: Resource[];
}

/** Birth date giving exactly `age` on the evaluation date (or one day short with `dayShort`). */
function born(age: number, dayShort = false): string {
  const y = 2026 - age;
  return dayShort ? `${y}-07-01` : `${y}-06-30`;
}

class P {
  readonly resources: Resource[] = [];
  private n = 0;
  constructor(
    readonly id: string,
    gender: 'male' | 'female',
    birthDate: string,
  ) {
    this.resources.push({
      resourceType: 'Patient',
      id,
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      identifier: [{ system: 'https://common-ground.example/fixtures', value: id }],
      name: [{ family: 'Fixture', given: [id] }],
      gender,
      birthDate,
    } as Resource);
    this.encounter(EVALUATION_DATE);
  }
  private next(kind: string): string {
    return `${this.id}-${kind}${++this.n}`;
  }
  private get subject() {
    return { reference: `Patient/${this.id}` };
  }
  lastEncounter = '';
  encounter(date: string, extra: Record<string, unknown> = {}): this {
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
    } as Resource);
    return this;
  }
  condition(system: Sys, code: string, onset: string, extra: Record<string, unknown> = {}): this {
    this.resources.push({
      resourceType: 'Condition',
      id: this.next('cond'),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: { coding: [{ system, code }] },
      subject: this.subject,
      onsetDateTime: onset,
      recordedDate: onset,
      ...extra,
    } as Resource);
    return this;
  }
  obs(code: string, date: string, value?: { value: number; unit: string } | string, extra: Record<string, unknown> = {}): this {
    this.resources.push({
      resourceType: 'Observation',
      id: this.next('obs'),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: LOINC, code }] },
      subject: this.subject,
      effectiveDateTime: date,
      ...(typeof value === 'string' ? { valueString: value } : value ? { valueQuantity: { ...value, system: 'http://unitsofmeasure.org', code: value.unit } } : {}),
      ...extra,
    } as Resource);
    return this;
  }
  bp(date: string, sbp: number, dbp: number): this {
    const q = (v: number) => ({ value: v, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
    this.resources.push({
      resourceType: 'Observation',
      id: this.next('bp'),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      subject: this.subject,
      effectiveDateTime: date,
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: q(sbp) },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: q(dbp) },
      ],
    } as Resource);
    return this;
  }
  med(rxcui: string, display: string, authoredOn: string, status = 'active', extra: Record<string, unknown> = {}): this {
    this.resources.push({
      resourceType: 'MedicationRequest',
      id: this.next('med'),
      status,
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: RX, code: rxcui, display }], text: display },
      subject: this.subject,
      authoredOn,
      ...extra,
    } as Resource);
    return this;
  }
  procedure(system: Sys, code: string, date: string): this {
    this.resources.push({ resourceType: 'Procedure', id: this.next('proc'), status: 'completed', code: { coding: [{ system, code }] }, subject: this.subject, performedDateTime: date } as Resource);
    return this;
  }
  order(system: Sys, code: string, date: string, status = 'active'): this {
    this.resources.push({ resourceType: 'ServiceRequest', id: this.next('sr'), status, intent: 'order', code: { coding: [{ system, code }] }, subject: this.subject, authoredOn: date } as Resource);
    return this;
  }
  add(r: Record<string, unknown>): this {
    this.resources.push({ id: this.next(String(r.resourceType).toLowerCase().slice(0, 4)), subject: this.subject, ...r } as Resource);
    return this;
  }
}

const files: Record<string, Case[]> = {};
function cases(file: string, ...list: [P, string, string[], string[], Record<string, string>?][]): void {
  files[file] = list.map(([p, note, fires, absent, variants]) => ({ id: p.id, note, fires, absent, ...(variants ? { variants } : {}), resources: p.resources }));
}

const ATORVA40: [string, string] = ['617311', 'atorvastatin 40 MG Oral Tablet'];
const SIMVA10: [string, string] = ['314231', 'simvastatin 10 MG Oral Tablet'];

// ------------------------------------------------------------------ R1
cases(
  'r1.json',
  [new P('r1-pos-icd', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01'), 'old MI (ICD-10) and no statin', ['R1'], [], { R1: 'start' }],
  [new P('r1-pos-sct-over75', 'female', born(76)).condition(SCT, '22298006', '2015-01-10'), 'MI (SNOMED), age 76', ['R1'], [], { R1: 'over-75' }],
  [new P('r1-pos-cabg', 'male', born(70)).procedure(SCT, '10190003', '2012-05-01'), 'CABG procedure only', ['R1'], []],
  [new P('r1-neg-statin', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').med(...ATORVA40, '2026-01-10'), 'active high-intensity statin', [], ['R1']],
  [new P('r1-neg-completed-11mo', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').med(...ATORVA40, '2025-08-01', 'completed'), 'completed statin order 11 months ago satisfies (D2)', [], ['R1']],
  [new P('r1-pos-completed-13mo', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').med(...ATORVA40, '2025-05-29', 'completed'), 'completed statin order 13 months ago does not', ['R1'], []],
  [new P('r1-neg-stopped', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').med(...ATORVA40, '2026-03-01', 'stopped'), 'a stopped statin never satisfies (D2) → fires', ['R1'], []],
  [new P('r1-pos-intensify', 'male', born(75)).condition(ICD, 'I25.2', '2019-03-01').med(...SIMVA10, '2026-03-01'), 'low-intensity statin at 75', ['R1'], [], { R1: 'intensify' }],
  [new P('r1-neg-low-intensity-76', 'male', born(76)).condition(ICD, 'I25.2', '2019-03-01').med(...SIMVA10, '2026-03-01'), 'low-intensity statin at 76: no intensify prompt', [], ['R1']],
  [new P('r1-excl-rhabdo', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').condition(ICD, 'M62.82', '2026-06-01'), 'active rhabdomyolysis', [], ['R1']],
  [
    new P('r1-excl-allergy', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').add({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: RX, code: '83367', display: 'atorvastatin' }] },
      patient: { reference: 'Patient/r1-excl-allergy' },
    }),
    'statin allergy',
    [],
    ['R1'],
  ],
  [new P('r1-neg-hemorrhagic', 'male', born(60)).condition(ICD, 'I61.9', '2024-01-01'), 'haemorrhagic stroke only (D4)', [], ['R1', 'R2']],
  [new P('r1-reason-on-file', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').condition(ICD, 'N18.6', '2025-01-01'), 'ESRD exception', ['R1'], [], { R1: 'reason-on-file' }],
  [new P('r1-excl-hospice', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').condition(SCT, '170935008', '2026-05-01'), 'hospice diagnosis silences R1 (D5)', [], ['R1']],
);

// ------------------------------------------------------------------ R2 and R2-safety
cases(
  'r2.json',
  [new P('r2-pos-icd', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01'), 'ischemic stroke, no antiplatelet', ['R2'], ['R2-safety'], { R2: 'start' }],
  [new P('r2-pos-sct-tia', 'female', born(18)).condition(SCT, '266257000', '2025-11-01'), 'TIA (SNOMED) at 18', ['R2'], []],
  [new P('r2-neg-age17', 'female', born(18, true)).condition(SCT, '266257000', '2025-11-01'), 'TIA at 17', [], ['R2']],
  [new P('r2-neg-clopidogrel', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01').med('309362', 'clopidogrel 75 MG Oral Tablet', '2026-01-01'), 'on clopidogrel', [], ['R2']],
  [new P('r2-excl-warfarin', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01').med('855332', 'warfarin sodium 5 MG Oral Tablet', '2026-01-01'), 'on an oral anticoagulant', [], ['R2']],
  [new P('r2-excl-hemorrhagic', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01').condition(ICD, 'I61.9', '2020-01-01'), 'haemorrhagic stroke history', [], ['R2']],
  [new P('r2-pos-analgesic-aspirin', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01').med('198480', 'aspirin 500 MG / caffeine 32 MG Oral Tablet', '2026-01-01'), 'analgesic aspirin does not satisfy (D12)', ['R2'], [], { R2: 'check-aspirin' }],
  [new P('r2-safety-pos', 'male', born(70)).condition(ICD, 'I63.9', '2024-02-01').med('855812', 'prasugrel 10 MG Oral Tablet', '2026-01-01'), 'prasugrel after stroke', ['R2-safety', 'R2'], []],
  [new P('r2-safety-neg-no-stroke', 'male', born(70)).med('855812', 'prasugrel 10 MG Oral Tablet', '2026-01-01'), 'prasugrel, no stroke', [], ['R2-safety', 'R2']],
);

// ------------------------------------------------------------------ R3
const negPap = (p: P, dates: string[]) => {
  for (const d of dates) p.obs('10524-7', d, 'Negative for intraepithelial lesion or malignancy (NILM)', { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'N' }] }] });
  return p;
};
cases(
  'r3.json',
  [negPap(new P('r3-pos-stop', 'female', born(66)), ['2026-01-15', '2023-01-15', '2020-01-15']), '66, three negative Paps, latest this year', ['R3'], [], { R3: 'stop' }],
  [new P('r3-pos-check', 'female', born(70)).order(CPT, '88142', '2026-06-30'), 'order at 70 with no history', ['R3'], [], { R3: 'check-history' }],
  [negPap(new P('r3-neg-age65', 'female', born(65)), ['2026-01-15', '2023-01-15', '2020-01-15']), '65 is not "after 65" (D11)', [], ['R3']],
  [negPap(new P('r3-excl-high-risk', 'female', born(70)), ['2026-01-15']).condition(ICD, 'N87.1', '2015-01-01'), 'cervical dysplasia history', [], ['R3']],
  [
    negPap(new P('r3-pos-no-cervix', 'female', born(50)), ['2026-03-01']).procedure(SCT, '116140006', '2015-04-01'),
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
  [a1c(new P('r4-pos-icd', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.8).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'), 'A1c 6.8 on glipizide at 70', ['R4'], [], { R4: 'tier-a' }],
  [a1c(new P('r4-pos-sct-75', 'female', born(75)).condition(SCT, '44054006', '2010-01-01'), 7.3).med('311041', 'insulin glargine 100 UNT/ML Injectable Solution', '2026-01-01'), 'A1c 7.3 on insulin at 75 (threshold 7.5, D9)', ['R4'], [], { R4: 'tier-b' }],
  [a1c(new P('r4-neg-a1c-7', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 7.0).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'), 'A1c exactly 7.0 (strict)', [], ['R4']],
  [a1c(new P('r4-neg-age64', 'male', born(65, true)).condition(ICD, 'E11.9', '2010-01-01'), 6.5).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'), 'age 64', [], ['R4']],
  [a1c(new P('r4-neg-metformin', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.5).med('861007', 'metformin hydrochloride 500 MG Oral Tablet', '2026-01-01'), 'metformin only', [], ['R4']],
  [a1c(new P('r4-neg-old-a1c', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01'), 6.5, '2025-12-29').med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'), 'latest A1c just over 6 months old', [], ['R4']],
  [a1c(new P('r4-type1', 'male', born(70)).condition(ICD, 'E10.9', '1980-01-01').condition(ICD, 'E11.9', '2010-01-01'), 6.4).med('311041', 'insulin glargine 100 UNT/ML Injectable Solution', '2026-01-01'), 'type 1 (D8)', ['R4'], [], { R4: 'type-1' }],
  [
    a1c(new P('r4-comfort', 'male', born(70)).condition(ICD, 'E11.9', '2010-01-01').condition(ICD, 'Z51.5', '2026-06-01'), 6.8).med('310488', 'glipizide 10 MG Oral Tablet', '2026-01-01'),
    'palliative care → comfort wording (D5)',
    ['R4'],
    ['R10'],
    { R4: 'comfort' },
  ],
);

// ------------------------------------------------------------------ R5
const twoLow = (p: P, s1: number, d1: number, s2: number, d2: number) => p.bp('2026-04-01', s1, d1).bp('2026-06-30', s2, d2);
const twoClasses = (p: P) => p.med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01').med('197361', 'amlodipine 5 MG Oral Tablet', '2026-01-01');
cases(
  'r5.json',
  [twoClasses(twoLow(new P('r5-pos-tier-a', 'female', born(70)), 115, 70, 118, 68)).condition(ICD, 'R55', '2026-03-01'), 'low BP, 2 classes, syncope', ['R5'], [], { R5: 'tier-a' }],
  [twoClasses(twoLow(new P('r5-neg-no-flag', 'female', born(70)), 115, 70, 118, 68)), 'tier A needs a risk flag', [], ['R5']],
  [twoClasses(twoLow(new P('r5-pos-tier-b', 'male', born(80)), 125, 70, 127, 72)).condition(SCT, '45007003', '2026-02-01'), '80, SBP 126 with hypotension (SNOMED)', ['R5'], [], { R5: 'tier-b' }],
  [twoLow(new P('r5-neg-one-class', 'female', born(70)), 115, 70, 118, 68).med('314076', 'lisinopril 10 MG Oral Tablet', '2026-01-01').condition(ICD, 'R55', '2026-03-01'), 'one class', [], ['R5']],
  [twoClasses(new P('r5-neg-one-reading', 'female', born(70)).bp('2026-06-30', 110, 60)).condition(ICD, 'R55', '2026-03-01'), 'one reading (D10)', [], ['R5']],
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
  [twoClasses(twoLow(new P('r5-neg-bp-122', 'female', born(70)), 122, 70, 122, 70)).condition(ICD, 'R55', '2026-03-01'), 'mean SBP 122 / DBP 70 at 70', [], ['R5']],
);

// ------------------------------------------------------------------ R6
cases(
  'r6.json',
  [new P('r6-pos-icd', 'male', born(40)).condition(ICD, 'M54.50', '2026-06-10').order(CPT, '72148', '2026-06-29'), 'new LBP + lumbar MRI order', ['R6'], []],
  [new P('r6-pos-sct', 'female', born(40)).condition(SCT, '279039007', '2026-05-19').procedure(CPT, '72100', '2026-06-20'), 'LBP (SNOMED) 42 days ago + X-ray', ['R6'], []],
  [new P('r6-neg-43-days', 'male', born(40)).condition(ICD, 'M54.50', '2026-05-18').order(CPT, '72148', '2026-06-29'), 'episode started 43 days ago', [], ['R6']],
  [new P('r6-neg-chronic', 'male', born(40)).condition(ICD, 'M54.50', '2026-06-10').condition(ICD, 'M54.50', '2026-03-01').order(CPT, '72148', '2026-06-29'), 'LBP 4 months earlier: not a new episode', [], ['R6']],
  [new P('r6-excl-cancer', 'male', born(40)).condition(ICD, 'M54.50', '2026-06-10').condition(ICD, 'C79.51', '2026-06-01').order(CPT, '72148', '2026-06-29'), 'red flag: bone metastasis', [], ['R6']],
  [new P('r6-pos-trigger-in-s-range', 'male', born(40)).condition(ICD, 'S33.5XXA', '2026-06-10').order(CPT, '72148', '2026-06-29'), 'lumbar sprain is a trigger, not a trauma red flag (D1)', ['R6'], []],
  [new P('r6-neg-cervical-mri', 'male', born(40)).condition(ICD, 'M54.50', '2026-06-10').order(CPT, '72141', '2026-06-29'), 'cervical MRI is not lumbar imaging', [], ['R6']],
);

// ------------------------------------------------------------------ R7
function uri(p: P, system: Sys, code: string, date: string): P {
  const enc = p.encounter(date).lastEncounter;
  p.condition(system, code, date, { encounter: { reference: `Encounter/${enc}` }, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }], clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] } });
  return p;
}
const AMOX: [string, string] = ['308182', 'amoxicillin 250 MG Oral Capsule'];
cases(
  'r7.json',
  [uri(new P('r7-pos-icd', 'male', born(30)), ICD, 'J06.9', '2026-06-20').med(...AMOX, '2026-06-21', 'completed'), 'URI + amoxicillin next day', ['R7'], [], { R7: 'uri-bronchitis' }],
  [uri(new P('r7-pos-sct-bronchitis', 'female', born(30)), SCT, '10509002', '2026-06-25').med(...AMOX, '2026-06-25'), 'acute bronchitis (SNOMED) + antibiotic', ['R7'], []],
  [uri(new P('r7-neg-day4', 'male', born(30)), ICD, 'J06.9', '2026-06-20').med(...AMOX, '2026-06-24'), 'antibiotic 4 days later', [], ['R7']],
  [uri(new P('r7-excl-copd', 'male', born(60)), ICD, 'J06.9', '2026-06-20').condition(ICD, 'J44.9', '2018-01-01').med(...AMOX, '2026-06-20'), 'COPD comorbidity (D14)', [], ['R7']],
  [uri(new P('r7-excl-competing', 'male', born(30)), ICD, 'J06.9', '2026-06-20').condition(ICD, 'J01.90', '2026-06-21').med(...AMOX, '2026-06-21'), 'sinusitis diagnosed the next day', [], ['R7']],
  [uri(new P('r7-neg-old-visit', 'male', born(30)), ICD, 'J06.9', '2026-05-30').med(...AMOX, '2026-05-30'), 'visit 31 days ago', [], ['R7']],
  [uri(new P('r7-check-strep', 'female', born(30)), ICD, 'J02.9', '2026-06-20').med(...AMOX, '2026-06-20'), 'pharyngitis + antibiotic, no strep test', ['R7'], [], { R7: 'check-strep' }],
);

// ------------------------------------------------------------------ R8a / R8b
cases(
  'r8.json',
  [new P('r8a-pos-45', 'male', born(45)), '45 today, no screening', ['R8a'], ['R8b']],
  [new P('r8a-neg-44', 'male', born(45, true)), '44', [], ['R8a']],
  [new P('r8a-pos-75', 'female', born(75)), '75, no screening', ['R8a'], ['R8b']],
  [new P('r8a-neg-76', 'female', born(76)), '76: not R8a (D15)', [], ['R8a', 'R8b']],
  [new P('r8a-neg-colonoscopy', 'male', born(60)).procedure(SCT, '73761001', '2018-01-01'), 'colonoscopy 8.5 years ago', [], ['R8a']],
  [new P('r8a-pos-old-fobt', 'male', born(60)).obs('2335-8', '2025-06-29', 'Negative'), 'stool test just over a year ago', ['R8a'], []],
  [new P('r8a-neg-fobt', 'male', born(60)).obs('2335-8', '2025-07-01', 'Negative'), 'stool test within the year', [], ['R8a']],
  [new P('r8a-excl-crc', 'male', born(60)).condition(ICD, 'C18.9', '2022-01-01'), 'colon cancer', [], ['R8a']],
  [
    new P('r8a-excl-frail-advanced', 'female', born(70)).condition(ICD, 'R54', '2026-02-01').condition(ICD, 'C25.0', '2025-09-01'),
    'age ≥ 66 with frailty and advanced illness (D7)',
    [],
    ['R8a'],
  ],
  [new P('r8a-frailty-only', 'female', born(70)).condition(ICD, 'R54', '2026-02-01'), 'frailty alone does not withhold (D7)', ['R8a'], []],
  [new P('r8b-pos-86', 'male', born(86)).order(CPT, '45378', '2026-06-30'), 'colonoscopy order at 86', ['R8b'], [], { R8b: 'over-85' }],
  [new P('r8b-pos-80', 'female', born(80)).obs('2335-8', '2026-03-01', 'Negative'), 'stool test at 80', ['R8b'], [], { R8b: 'selective-76-85' }],
  [new P('r8b-excl-crc', 'male', born(86)).order(CPT, '45378', '2026-06-30').condition(ICD, 'Z85.038', '2015-01-01'), 'colon cancer history', [], ['R8b']],
  [new P('r8b-neg-no-order', 'male', born(86)), 'no screening', [], ['R8b']],
);

// ------------------------------------------------------------------ R9a–R9d
cases(
  'r9.json',
  [new P('r9a-pos', 'male', born(70)).obs('2857-1', '2026-03-01', { value: 1.2, unit: 'ng/mL' }), 'PSA at 70', ['R9a'], []],
  [new P('r9a-pos-order', 'male', born(72)).order(CPT, '84153', '2026-06-30'), 'PSA order (CPT)', ['R9a'], []],
  [new P('r9a-neg-69', 'male', born(70, true)).obs('2857-1', '2026-03-01', { value: 1.2, unit: 'ng/mL' }), 'age 69', [], ['R9a']],
  [new P('r9a-excl-elevated', 'male', born(75)).obs('2857-1', '2026-03-01', { value: 6.2, unit: 'ng/mL' }).condition(ICD, 'R97.20', '2025-01-01'), 'elevated-PSA follow-up', [], ['R9a']],
  [new P('r9a-excl-cancer-sct', 'male', born(75)).obs('2857-1', '2026-03-01', { value: 6.2, unit: 'ng/mL' }).condition(SCT, '399068003', '2020-01-01'), 'prostate cancer (SNOMED)', [], ['R9a']],
  [new P('r9b-pos', 'female', born(70)).med('854873', 'zolpidem tartrate 10 MG Oral Tablet', '2026-04-01'), 'zolpidem at 70', ['R9b'], [], { R9b: 'taper' }],
  [new P('r9b-pos-two-orders', 'female', born(70)).med('197900', 'lorazepam 0.5 MG Oral Tablet', '2025-09-01', 'completed').med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-02-01', 'completed'), 'two orders in 12 months', ['R9b'], []],
  [new P('r9b-neg-one-order', 'female', born(70)).med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-02-01', 'completed'), 'one completed order', [], ['R9b']],
  [new P('r9b-neg-64', 'female', born(65, true)).med('854873', 'zolpidem tartrate 10 MG Oral Tablet', '2026-04-01'), 'age 64', [], ['R9b']],
  [new P('r9b-excl-seizure', 'female', born(70)).med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-04-01').condition(ICD, 'G40.909', '2019-01-01'), 'seizure disorder', [], ['R9b']],
  [new P('r9b-gad', 'female', born(70)).med('197900', 'lorazepam 0.5 MG Oral Tablet', '2026-04-01').condition(ICD, 'F41.1', '2019-01-01'), 'GAD → review wording', ['R9b'], [], { R9b: 'review-anxiety' }],
  [new P('r9c-pos-v1', 'female', born(55)).obs('24701-5', '2026-02-01', { value: -0.5, unit: '{T-score}' }), 'screening DXA at 55, no risk factor', ['R9c'], [], { R9c: 'screening-under-65' }],
  [new P('r9c-neg-risk-ra', 'female', born(55)).obs('24701-5', '2026-02-01', { value: -0.5, unit: '{T-score}' }).condition(ICD, 'M06.9', '2015-01-01'), 'rheumatoid arthritis', [], ['R9c']],
  [new P('r9c-neg-64', 'female', born(64)).order(CPT, '77080', '2026-06-30'), 'age 64', [], ['R9c']],
  [new P('r9c-pos-v2', 'male', born(70)).condition(ICD, 'M81.0', '2020-01-01').obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' }).obs('24701-5', '2025-01-01', { value: -2.8, unit: '{T-score}' }), 'repeat DXA 14 months apart', ['R9c'], [], { R9c: 'repeat-within-2-years' }],
  [new P('r9c-neg-v2-gap', 'male', born(70)).condition(ICD, 'M81.0', '2020-01-01').obs('24701-5', '2026-03-01', { value: -2.7, unit: '{T-score}' }).obs('24701-5', '2024-02-01', { value: -2.8, unit: '{T-score}' }), '25 months apart', [], ['R9c']],
  [new P('r9d-pos', 'male', born(40)).obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' }), 'vitamin D test, no risk', ['R9d'], []],
  [new P('r9d-excl-ckd', 'male', born(40)).obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' }).condition(ICD, 'N18.3', '2020-01-01'), 'CKD', [], ['R9d']],
  [new P('r9d-excl-sct-diabetes', 'male', born(40)).obs('1989-3', '2026-04-01', { value: 28, unit: 'ng/mL' }).condition(SCT, '44054006', '2020-01-01'), 'diabetes (SNOMED, via VSAC equivalents)', [], ['R9d']],
  [new P('r9d-neg-old', 'male', born(40)).obs('1989-3', '2025-06-29', { value: 28, unit: 'ng/mL' }), 'test over 12 months ago', [], ['R9d']],
);

// ------------------------------------------------------------------ R10
cases(
  'r10.json',
  [new P('r10-pos-65', 'female', born(65)), '65, no ACP', ['R10'], [], { R10: 'age-65' }],
  [new P('r10-neg-64', 'female', born(65, true)), '64', [], ['R10']],
  [new P('r10-neg-acp', 'male', born(70)).procedure(SCT, '713603004', '2023-05-01'), 'ACP 3 years ago', [], ['R10']],
  [new P('r10-pos-old-acp', 'male', born(70)).procedure(SCT, '713603004', '2021-06-29'), 'ACP just over 5 years ago', ['R10'], []],
  [new P('r10-pos-serious-illness', 'male', born(50)).condition(ICD, 'C25.0', '2026-01-01'), 'advanced illness at 50', ['R10'], [], { R10: 'serious-illness' }],
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
  [new P('r10-excl-hospice', 'female', born(70)).encounter('2026-03-01', { type: [{ coding: [{ system: HCPCS, code: 'G9473' }] }] }), 'hospice encounter silences R10 (D5)', [], ['R10']],
);

// ------------------------------------------------------------------ priorities and declines
const declined = (id: string, date: string) => ({
  resourceType: 'CarePlan',
  status: 'active',
  intent: 'plan',
  category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }] }],
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
          { coding: [{ system: 'http://hl7.org/fhir/us/pco/CodeSystem/pco-concepts-temporary', code: 'what-matters' }] },
          { coding: [{ system: 'http://hl7.org/fhir/us/pco/CodeSystem/pco-goal-domains-temporary', code: 'end-of-life' }] },
        ],
        description: { text: 'Stay at home and comfortable until the end' },
      }),
    'end-of-life goal rewords R4',
    ['R4'],
    [],
  ],
  [new P('decline-active', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').add(declined('decline-active-plan', '2025-07-01')), 'R1 declined 364 days ago', [], ['R1']],
  [new P('decline-expired', 'male', born(60)).condition(ICD, 'I25.2', '2019-03-01').add(declined('decline-expired-plan', '2025-06-30')), 'R1 declined exactly 12 months ago', ['R1'], []],
  [new P('deceased', 'male', born(70)).condition(ICD, 'I25.2', '2019-03-01').add({ resourceType: 'Observation', status: 'final', code: { text: 'note' } }), 'deceased: no prompts', [], ['R1', 'R10']],
);
// A deceased patient: mark after construction so the fixture stays one line above.
const deceased = files['priorities.json']?.find((c) => c.id === 'deceased')?.resources[0] as Record<string, unknown> | undefined;
if (deceased) deceased.deceasedDateTime = '2026-06-30';

const expectations: Record<string, Omit<Case, 'resources' | 'id'> & { file: string }> = {};
for (const [file, list] of Object.entries(files)) {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: file.replace('.json', ''),
    type: 'collection',
    entry: list.flatMap((c) => c.resources.map((resource) => ({ fullUrl: `https://common-ground.example/fhir/${resource.resourceType}/${resource.id ?? ''}`, resource }))),
  };
  writeFileSync(new URL(file, OUT), `${JSON.stringify(bundle, null, 1)}\n`);
  for (const c of list) expectations[c.id] = { file, note: c.note, fires: c.fires, absent: c.absent, ...(c.variants ? { variants: c.variants } : {}) };
}
// Kept out of this folder: the sandbox and the CLI load every .json here as FHIR.
writeFileSync(new URL('../../test/prompts/fixture-expectations.json', OUT), `${JSON.stringify({ evaluationDate: EVALUATION_DATE, patients: expectations }, null, 1)}\n`);
console.log(`wrote ${Object.keys(files).length} bundles, ${Object.keys(expectations).length} patients`);
