/**
 * Every reading the engine chose where value-care-rules.md (§14 included) is silent, ambiguous, or
 * rests on a code marked unverified — in ONE place, each with the section it settles. The rule is
 * §14's: prefer the safer reading, a prompt to *check* rather than a recommendation to *stop*.
 * Rules refer to these entries by name, so a change of mind is a change here.
 */
export interface Decision<T = boolean> {
  section: string;
  choice: string;
  value: T;
}

function d<T>(section: string, choice: string, value: T): Decision<T> {
  return { section, choice, value };
}

export const DECISIONS = {
  missingClinicalStatusIsActive: d(
    '§0.5 "Condition counts if"',
    'A Condition without clinicalStatus (allowed for some encounter diagnoses) counts as active unless it has an abatement.',
    true,
  ),
  dispensesNotCurrentTherapy: d(
    '§0.5 vs §14 D2',
    'Current therapy follows D2 only (active MedicationRequest or MedicationStatement); MedicationDispense is not read.',
    true,
  ),
  medicationNameFallback: d(
    '§0.5 "normalise to ingredient (RxNav)"; §13.1',
    'Without RxNav at run time: a medication none of whose RxNorm codes is in any list (e.g. the Humulin 70/30 SBD) is matched by the ingredient names in its text/display against the ingredient table (insulin, statins, aspirin …).',
    true,
  ),
  deceasedNoPrompts: d(
    'silent',
    'A deceased patient (Patient.deceased[x] true or dated on/before T) gets no prompts at all.',
    true,
  ),
  declineWindowMonths: d(
    '§11.3 "configurable period (e.g. 12 months)"',
    'A recorded decline suppresses its rule for 12 months from the decline date; a decline without a date does not suppress.',
    12,
  ),
  burdensomeTopicUnknownMatchesAll: d(
    '§11.3',
    "A burdensome-care preference whose topic cannot be told (no coded topic, no recognised words, no focus) rewords every prompt: rewording only adds the patient's words, it never hides a prompt.",
    true,
  ),
  endOfLifeGoalSparesSafety: d(
    '§11.3',
    'An end-of-life goal rewords every prompt except R2-safety (a contraindication alert keeps its plain wording).',
    true,
  ),
  r1HemorrhagicFromVsac: d(
    '§14 D4',
    'R1/R2 drop haemorrhagic strokes by ICD-10 prefix (I60–I62, I69.0–I69.2), SNOMED 5571000124103, and every member of the Hemorrhagic Stroke value set (its SNOMED equivalents).',
    true,
  ),
  r1ExceptionsStillPrompt: d(
    'R1 exceptions',
    'Exceptions (muscle symptoms, liver disease, ESRD, a statin doNotPerform order) do not hide R1: it fires as "reason on file?" so the clinician confirms.',
    true,
  ),
  r1IntensifyVariant: d(
    'R1 "Enhancement (optional)"',
    'Implemented: only low-intensity statin active and age ≤ 75 → "discuss high intensity" variant (ingredient-coded statins count as any intensity).',
    true,
  ),
  r2AspirinCombinations: d(
    '§14 D12',
    'Besides the flagged analgesic combinations, an aspirin product combined with anything other than dipyridamole, omeprazole or calcium carbonate (cold remedies, opioids, effervescent antacids) does not satisfy R2: it is not clearly daily prevention, so R2 prompts to check.',
    ['dipyridamole', 'omeprazole', 'calcium carbonate'] as readonly string[],
  ),
  r2ParenteralNotSatisfier: d(
    'R2',
    'Parenteral (inpatient-only) antithrombotics satisfy neither R2 nor the anticoagulant exclusion.',
    true,
  ),
  r3NoGenderFilter: d(
    '§0.5 "Sex for screening rules", R3',
    'R3 does not require gender = female: a cervical screening order or result is itself anatomy evidence.',
    true,
  ),
  r3AdequacyReading: d(
    'R3 (definition wording U), §14 D11',
    'Adequate = the newest results (same-day cytology+HPV = one co-test), all negative, form a run of ≥ 3 tests or ≥ 2 HPV-containing tests in 10 years, the newest within 5 years. Anything else (missing, unclear, not enough) fires R3 as "check screening history", not "stop".',
    true,
  ),
  r3ScreeningAfterNoCervix: d(
    'R3 "no cervix"',
    'For the no-cervix path a screening result counts only if dated after the hysterectomy / absence record (an order always counts).',
    true,
  ),
  r4LimitedBenefitWindows: d(
    '§0.5 modifier, D9',
    'Limited-benefit context = frailty diagnosis/symptom active or dated in 12 months, or advanced illness / dementia active or dated in 2 years (D7 windows). Dementia medication (no code list) is not read.',
    true,
  ),
  r4HbA1cUnits: d(
    'R4',
    'HbA1c in mmol/mol is converted to % (NGSP = IFCC/10.929 + 2.15); other units are ignored.',
    true,
  ),
  r5SnomedNonBpIndications: d(
    'R5 (I50.2x, I48, N40 marked U)',
    'The "not for BP" class exclusions use only the spec\'s ICD-10 prefixes; no SNOMED equivalents are typed in, so on SNOMED-coded records every class counts (the prompt is a "discuss", not a "stop").',
    true,
  ),
  r5ReadingsFromComponents: d(
    '§14 D10',
    'A BP reading is any countable Observation carrying systolic/diastolic components (85354-9 or another panel code such as 55284-4), or a standalone systolic with a same-day diastolic.',
    true,
  ),
  r5RiskFlagWindow: d(
    'R5 risk flags',
    'A risk-flag condition counts if active at T or dated in the last 12 months (falls are events, rarely "active").',
    true,
  ),
  r5InpatientClasses: d(
    'R5 "Not in a hospital encounter at T"',
    'Hospital = Encounter.class IMP, ACUTE or NONAC whose period covers T (status not finished/cancelled).',
    ['IMP', 'ACUTE', 'NONAC'] as readonly string[],
  ),
  r6ActiveRedFlags: d(
    'R6 exclusions',
    'A red-flag diagnosis still active at the imaging date excludes R6, not only one dated in the 42 days before.',
    true,
  ),
  r6RedFlagAnswers: d(
    'R6 / §12.2',
    'Red-flag questionnaire answers are not read yet (no codes defined); only coded diagnoses exclude.',
    true,
  ),
  r7AntibioticStatuses: d(
    '§14 D14',
    'An antibiotic order counts when its status is anything but entered-in-error, cancelled or draft.',
    true,
  ),
  r7CompetingDatedByDiagnosis: d(
    '§14 D19',
    'A competing diagnosis (or a pharyngitis that sends the prompt to R7b) counts when its onset, its recordedDate or the start of the encounter it references falls from the visit to 3 days after: a sinusitis diagnosed at the visit counts even when its symptoms began earlier.',
    true,
  ),
  r7PharyngitisCheck: d(
    'R7b (strep test codes U)',
    'Pharyngitis/tonsillitis with an antibiotic fires R7 as "check for a positive strep test" (no strep-test codes are available to confirm one).',
    true,
  ),
  r8bWindow: d(
    '§14 D15',
    'R8b fires on an active CRC screening order, or a CRC screening service/encounter done in the last 12 months.',
    true,
  ),
  r8bUnverifiedExclusions: d(
    'R8b exclusions (U)',
    'Adenoma surveillance Z86.010, IBD K50/K51 (any time) and work-up K62.5/D50 (active or last 12 months) exclude R8b although marked U: excluding avoids a "stop" prompt for a possibly diagnostic test.',
    true,
  ),
  r9aNoGenderFilter: d(
    'R9a "Male (with a prostate)"',
    'R9a does not filter on gender: a PSA order or result implies a prostate.',
    true,
  ),
  r9bGadReview: d(
    'R9b (CMS156 excludes GAD)',
    'Generalized anxiety disorder does not hide R9b; it switches to a gentler "review" wording.',
    true,
  ),
  r9cRiskFactorsPartial: d(
    'R9c variant 1',
    'Only the CMS249 risk factors with codes in clinical/codes/ are checked (plus BMI ≤ 20, > 2 drinks/day, any risk-tool result, type 1 DM, ESRD); the wording asks to check for risk factors.',
    true,
  ),
  r9cGlucocorticoids: d(
    'R9c "≥ 90 days oral glucocorticoids"',
    'Any oral glucocorticoid active or ordered in the last 12 months counts as the risk factor (days are not summed).',
    true,
  ),
  r9dSnomedEquivalents: d(
    'R9d exclusions (ICD-10 prefixes only)',
    'The ICD-10 chronic-risk list is widened with the VSAC value sets for the same conditions (diabetes, ESRD, liver disease, malabsorption, osteoporosis, hyperparathyroidism, seizure disorder) so SNOMED-coded records are checked too.',
    true,
  ),
  r10AcpEvidence: d(
    '§14 D17',
    'ACP evidence also counts when the SNOMED/CPT codes appear as Encounter.type or an Observation, and when a DocumentReference or Observation carries any §11A LOINC (documents and DNR/POLST items).',
    true,
  ),
  r8aInstitutionNotRead: d(
    'R8a exclusions, §14 D7 "living long-term in an institution"',
    'No code list is given for long-term institutional residence, so it is not read: R8a still shows (an offer to discuss, which the clinician can decline) rather than being withheld on a guess.',
    true,
  ),
  clinicianConfirmExclusionsNotCoded: d(
    'R2 "documented bleeding contraindication", R9a "urinary symptoms being worked up", R9c variant 2 "starting/changing osteoporosis therapy"',
    'Exclusions the spec marks clinician-confirm, with no code list, are not read; the prompt shows and its wording asks the clinician to check for them.',
    true,
  ),
  hospiceForR7Only: d(
    'R7 exclusion (d), §14 D5',
    'R7 is excluded by hospice evidence only (not palliative); R9b by both (its own listed exclusion).',
    true,
  ),
} as const;

export type DecisionName = keyof typeof DECISIONS;
