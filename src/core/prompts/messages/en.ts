/**
 * The prompt text in English: the reference wording, printed by the CLI and returned to CDS Hooks
 * clients that ask for no language. `{{name}}` is a parameter the rule fills in; es.ts must use the
 * same parameters (test/prompts/messages.test.ts).
 */
export const EN = {
  // Shared notes.
  'note.frailty': 'Higher risk: falls or frailty on record.',
  'note.dementia': 'Higher risk: dementia on record.',
  'note.age80': 'Higher risk: age 80 or over.',
  medication: 'medication',

  'R1.ldl': 'Most recent LDL-C: {{ldl}} ({{date}}).',
  'R1.ldlUndated': 'Most recent LDL-C: {{ldl}} (date unknown).',
  'R1.intensify.summary':
    'Heart or blood-vessel disease on a low-intensity statin: discuss moving to a high-intensity statin.',
  'R1.intensify.detail':
    'This patient has heart or blood-vessel disease and is on a low-intensity statin; for people 75 or younger a high-intensity statin is recommended. Discuss whether they would like to step up, or record why not.',
  'R1.over75.summary':
    'Heart or blood-vessel disease, no statin on record, over 75: discuss whether a statin fits their goals.',
  'R1.over75.detail':
    'This patient is over 75, has heart or blood-vessel disease and no statin on record. Starting or continuing a moderate- or high-intensity statin is reasonable after talking through benefits, harms and what matters to them (for example pill burden); or record why not.',
  'R1.start.summary':
    'Heart or blood-vessel disease and no statin on record: ask about starting one (high intensity if 75 or under).',
  'R1.start.detail':
    'This patient has heart or blood-vessel disease and no statin on record; ask whether they would like to start one (high-intensity if age 75 or younger), or record why not.',
  'R1.reasonOnFile.summary':
    'Heart or blood-vessel disease, no statin on record, and a possible reason not to on file: confirm it.',
  'R1.reasonOnFile.note':
    'A possible reason not to use a statin is on file (muscle symptoms, liver or kidney disease, or a "do not give" order); confirm it with the patient.',

  'R2.checkAspirin.summary':
    'Ischemic stroke/TIA; only an aspirin combination product on record: ask if aspirin is taken daily for prevention.',
  'R2.start.summary':
    'Ischemic stroke or TIA and no antiplatelet or anticoagulant on record: discuss starting an antiplatelet.',
  'R2.detail':
    'This patient has had an ischemic stroke or TIA and has no antiplatelet or anticoagulant on record; discuss starting aspirin, clopidogrel, or aspirin-dipyridamole unless there is a reason not to (for example a bleeding risk).',
  'R2.checkAspirin.note':
    'An aspirin combination product (e.g. an analgesic) is on record: ask whether aspirin is being taken daily for prevention.',
  'R2-safety.summary':
    'Prasugrel is active after an ischemic stroke or TIA: prasugrel is contraindicated after stroke/TIA. Review.',
  'R2-safety.detail':
    'Prasugrel carries a boxed warning against use after stroke or TIA (higher risk of brain bleeding). Review the antiplatelet choice with the patient and the prescriber.',

  'R3.noCervix.summary':
    'Cervical screening for a patient with no cervix on record: screening does not help here. Discuss stopping.',
  'R3.noCervix.detail':
    'The record shows a hysterectomy with the cervix removed (or no cervix). Cervical screening is not recommended then, unless there is a history of CIN2+ or cervical cancer; check that history and discuss stopping.',
  'R3.noCervix.harms':
    'Tests without a cervix cannot find cervical cancer; they can lead to false alarms and more procedures.',
  'R3.stop.summary':
    'Over 65 with normal past cervical screening and no high-risk history: talk about stopping screening.',
  'R3.stop.detail':
    'Cervical screening is usually no longer helpful after 65 for someone with normal past results and no high-risk history; talk with the patient about stopping.',
  'R3.stop.benefits': 'After 65 with adequate normal screening, further tests find very few cancers.',
  'R3.stop.harms': 'More tests bring false alarms, follow-up procedures and discomfort.',
  'R3.checkHistory.summary':
    'Cervical screening after 65: check past results; if adequate and normal, screening can usually stop.',
  'R3.checkHistory.detail':
    'This patient is over 65 and cervical screening is being ordered or was done. The record does not show clearly adequate normal screening (3 negative cytology tests or 2 negative co-tests in 10 years, the latest within 5). Check the screening history: if it was adequate and there is no high-risk history, screening can usually stop.',

  'R4.note.amplifiers':
    'Higher risk: a recent low-blood-sugar event or advanced kidney disease is on record.',
  'R4.note.beers':
    'Glyburide or glimepiride: the AGS Beers Criteria advise avoiding them in older adults (more lows).',
  'R4.note.veryLow': 'A1c {{a1c}} is very low (under 6.5%).',
  'R4.summary':
    'A1c {{a1c}} on insulin or a sulfonylurea at {{age}}: risk of lows. Discuss relaxing the goal and reducing the drug.',
  'R4.detail':
    "This older patient's A1c is below target while on insulin or a sulfonylurea, which raises the risk of low blood sugar; discuss relaxing the A1c goal (for example below 8%) and reducing or stopping the medicine that causes lows.",
  'R4.insulinOnly.detail':
    "This older patient's A1c is below target on insulin, which raises the risk of low blood sugar; discuss relaxing the A1c goal and reducing the insulin dose.",
  'R4.type1.summary':
    'A1c {{a1c}} with type 1 diabetes at {{age}}: discuss a higher A1c target and reviewing the insulin dose.',
  'R4.type1.detail':
    'This older patient with type 1 diabetes has a low A1c, which raises the risk of low blood sugar; discuss a higher A1c target and reviewing the insulin dose. Do not stop insulin.',
  'R4.comfort.summary':
    'A1c {{a1c}} on insulin or a sulfonylurea, hospice/palliative care: focus on avoiding lows and symptoms.',
  'R4.comfort.detail':
    'This patient receives hospice or palliative care. Focus on avoiding low blood sugar and on symptoms rather than on A1c; discuss simplifying or reducing the medicine that causes lows.',
  'R4.comfort.detailType1':
    'This patient receives hospice or palliative care. Focus on avoiding low blood sugar and on symptoms rather than on A1c; discuss simplifying or reducing the medicine that causes lows (do not stop insulin in type 1 diabetes).',
  'R4.benefits':
    'A less strict A1c goal (for many older adults below 7.5–8%) keeps the benefits of moderate control.',
  'R4.harms':
    'A1c below 7% on insulin or a sulfonylurea raises the risk of low blood sugar, falls and confusion.',

  'R5.comfort.summary':
    'BP about {{bp}} on {{count}} BP drug classes, hospice/palliative care: discuss stopping one for comfort.',
  'R5.summary': 'BP about {{bp}} on {{count}} BP drug classes at {{age}}: discuss reducing one.',
  'R5.risk.summary':
    'BP about {{bp}} on {{count}} BP drug classes at {{age}} with fall/dizziness risk: discuss reducing one.',
  'R5.comfort.detail':
    'This patient receives hospice or palliative care and their blood pressure is running low on two or more BP medicines; discuss stopping or lowering one to reduce dizziness, falls and pill burden, in line with what matters most to them.',
  'R5.detail':
    "This older patient's blood pressure is running low on two or more BP medicines and they have falls or dizziness risk; discuss lowering the dose or stopping one medicine, in line with what matters most to them.",
  'R5.note.mean': 'Mean of the last two readings: {{bp}} mmHg ({{dates}}).',
  'R5.note.classes': 'Classes: {{classes}}.',
  'R5.note.noFlag': 'No fall/dizziness risk flag on record; fires on age or frailty alone.',
  'R5.benefits':
    'In people 80 and over, taking one BP medicine away kept blood pressure control about as good (OPTIMISE trial).',
  'R5.harms':
    'Both lowering and raising treatment carry short-term risks in older adults, so this is a discussion, not an order.',
  // Antihypertensive classes as the compiled drug table names them.
  'bpClass.ACEi': 'ACE inhibitor',
  'bpClass.ARB': 'ARB',
  'bpClass.ARNI': 'ARNI',
  'bpClass.beta_blocker': 'beta blocker',
  'bpClass.CCB_dihydropyridine': 'dihydropyridine calcium channel blocker',
  'bpClass.CCB_nondihydropyridine': 'non-dihydropyridine calcium channel blocker',
  'bpClass.thiazide_type': 'thiazide-type diuretic',
  'bpClass.loop_diuretic': 'loop diuretic',
  'bpClass.K_sparing_or_MRA': 'potassium-sparing diuretic or MRA',
  'bpClass.direct_vasodilator': 'direct vasodilator',
  'bpClass.central_alpha2_agonist': 'central alpha-2 agonist',
  'bpClass.alpha1_blocker': 'alpha-1 blocker',
  'bpClass.renin_inhibitor': 'renin inhibitor',

  'R6.summary':
    'Lumbar imaging for back pain that began under 6 weeks ago, no red flags on record: discuss holding the scan.',
  'R6.detail':
    'Back pain that started under 6 weeks ago without warning signs usually gets better without scans; discuss holding the X-ray, CT or MRI and focusing on activity and symptom relief unless red flags appear.',
  'R6.note':
    "Red-flag answers from this app's back-pain e-visit are checked; other forms are not: ask about warning signs (bladder or bowel changes, weakness, fever, cancer, injury).",
  'R6.benefits': 'Most new low back pain improves within weeks with activity and symptom relief.',
  'R6.harms': 'Early scans rarely change care and can lead to more procedures; X-ray and CT add radiation.',

  'R7.uri.summary':
    'Antibiotic for a cold or acute bronchitis: these are almost always viral. Consider symptom care instead.',
  'R7.uri.detail':
    'Colds and chest colds (acute bronchitis) are almost always viral and antibiotics do not help; consider symptom care and a safety-net plan instead, unless pneumonia or another bacterial infection is suspected.',
  'R7.uri.benefits': 'Antibiotics do not shorten a cold or viral bronchitis.',
  'R7.uri.harms': 'They cause side effects such as diarrhoea and rash, and add to antibiotic resistance.',
  'R7.strep.summary':
    'Antibiotic for a sore throat with no positive strep test on record: test before treating.',
  'R7.strep.detail':
    'Sore throats are treated with antibiotics only when a group A strep test (rapid test or culture) is positive; check for a positive test, or consider symptom care and a safety-net plan.',

  'R8a.summary':
    'Colorectal cancer screening due at {{age}}: offer the options (home stool test or colonoscopy) and help them choose.',
  'R8a.detail':
    'This patient is due for colorectal cancer screening; offer the options (stool test at home, or colonoscopy) and help them choose the one that fits their preferences.',
  'R8a.note':
    'No stool test in 1 year, sDNA-FIT in 3, CT colonography or sigmoidoscopy in 5, or colonoscopy in 10 years on record.',
  'R8b.over85.summary':
    'Colorectal cancer screening at {{age}}: not recommended past 85. Discuss whether it fits their health and goals.',
  'R8b.over85.detail':
    "Routine colon cancer screening is not recommended past 85; if a test is being ordered for screening, discuss whether it fits this patient's health and goals.",
  'R8b.selective.summary':
    'Colorectal cancer screening at {{age}}: screen only selectively; weigh past screening, health and preferences.',
  'R8b.selective.detail':
    "Between 76 and 85 colon cancer screening is a selective, individual decision: consider prior screening, overall health, life expectancy and the patient's preferences.",

  'R9a.summary':
    'PSA test at {{age}} with no prostate cancer or raised-PSA follow-up on record: discuss not testing.',
  'R9a.detail':
    'PSA screening is not recommended at 70 and older because the harms outweigh the benefits; unless this is follow-up of a known problem (or urinary symptoms are being worked up), discuss not testing.',
  'R9a.harms':
    'At 70 and over, the harms of PSA screening (false alarms, biopsies, overtreatment) outweigh the benefits.',
  'R9b.review.summary':
    '{{age}}, anxiety on record, taking a benzodiazepine or sleeping pill: review benefits and fall risk together.',
  'R9b.review.detail':
    'This older patient with generalized anxiety disorder takes a benzodiazepine or Z-drug; review together whether the benefit still outweighs the risk of falls and confusion, and whether other treatments could help.',
  'R9b.taper.summary':
    'Benzodiazepine or sleeping pill at {{age}}: falls and confusion risk. Discuss a gradual taper and non-drug options.',
  'R9b.taper.detail':
    'Sleeping pills and benzodiazepines raise the risk of falls, confusion and car crashes in older adults; discuss a gradual taper and non-drug options such as CBT for insomnia.',
  'R9b.note.opioid': 'Check for a concurrent opioid (higher overdose risk).',
  'R9b.note.drug': 'Drug: {{drug}}.',
  'R9b.harms': 'In older adults these drugs raise the risk of falls, fractures, confusion and car crashes.',
  'R9c.repeat.summary':
    'Repeat bone density scan within 2 years in treated osteoporosis: discuss waiting unless something changed.',
  'R9c.repeat.detail':
    'A repeat bone density scan within 2 years rarely changes treatment for osteoporosis; discuss waiting unless something has changed (a new fracture, or starting or changing treatment).',
  'R9c.repeat.benefits': 'A repeat scan within 2 years rarely changes treatment.',
  'R9c.screening.summary':
    'Bone density scan at {{age}} with no osteoporosis risk factor on record: check risk factors (or a risk tool) first.',
  'R9c.screening.detail':
    'Bone density scans are not recommended for women under 65 without risk factors; check for risk factors (or use a risk tool such as FRAX) before ordering.',
  'R9c.screening.note':
    'Only coded risk factors were checked; ask about fractures, steroids, smoking, alcohol and family history.',
  'R9d.summary': 'Vitamin D blood test with no risk condition on record: discuss whether the test is needed.',
  'R9d.detail':
    'Routine vitamin D blood tests in people without a risk condition rarely change care; discuss whether the test is needed.',
  'R9d.benefits': 'In people without a risk condition the result rarely changes care.',

  'R10.illness.summary':
    'Serious illness and no advance care planning on record in 5 years: ask about wishes for future care.',
  'R10.age.summary':
    'Age {{age}} and no advance care planning on record in 5 years: ask about wishes and who should speak for them.',
  'R10.detail':
    'Ask whether they have thought about or documented their wishes for future care; record who should speak for them if they cannot.',

  // §11.3: a stated priority rewords the prompt.
  'priority.summary': '{{summary}} — in light of their stated priority.',
  'priority.detail': "Discuss in light of the patient's stated priority: {{words}}. {{detail}}",
  'priority.quoted': '"{{text}}"',
  'priority.endOfLife': 'end-of-life goal',
  'priority.burdensome': 'care they find burdensome',

  // The CDS Hooks card around the prompt.
  'card.benefits': 'Benefits: {{text}}',
  'card.harms': 'Harms: {{text}}',
  'card.source': 'Source: {{citation}}',
  'card.addToPlan': 'Add to the shared care plan: {{action}}',
  'card.proposeStatin': 'Propose {{drug}} for the clinician to review and sign',
  'card.proposeStatinInstead':
    'Propose {{drug}} in place of the current low-intensity statin, for the clinician to review and sign',
  'card.removeDraft': 'Remove the draft order: {{order}}',
  'card.openApp': 'Open Common Ground',

  // What "accept" adds to the shared care plan.
  'action.R1': 'Start a statin',
  'action.R1.intensify': 'Move to a high-intensity statin',
  'action.R2': 'Start a daily antiplatelet medicine',
  'action.R2-safety': 'Stop prasugrel and choose another antiplatelet',
  'action.R3': 'Stop cervical cancer screening',
  'action.R4.comfort': 'Simplify diabetes medicines to avoid low blood sugar',
  'action.R4.type1': 'Relax the HbA1c goal and review the insulin dose',
  'action.R4': 'Relax the HbA1c goal and reduce the medicine that causes lows',
  'action.R5': 'Review and reduce blood pressure medicines',
  'action.R6': 'No imaging for this back pain now',
  'action.R7': 'No antibiotic for this infection',
  'action.R8a': 'Choose a colorectal cancer screening test together',
  'action.R8b.decide': 'Decide together whether to keep screening for colorectal cancer',
  'action.R8b': 'Stop colorectal cancer screening',
  'action.R9a': 'Stop PSA screening',
  'action.R9b': 'Slowly taper the sleeping medicine',
  'action.R9c': 'No repeat bone density scan now',
  'action.R9d': 'No routine vitamin D test',
  'action.R10': 'Talk about future care wishes and who should speak for the patient',

  // CDS Hooks override reasons: why a prompt was declined.
  'reason.patient-declined': 'Patient declined after discussion',
  'reason.not-a-priority': 'Not a priority for the patient now',
  'reason.already-addressed': 'Already addressed elsewhere',
  'reason.clinical-reason': 'Clinical reason (see note)',
  'reason.does-not-apply': 'Does not apply to this patient',
} as const;

export type MessageKey = keyof typeof EN;
