-- By rule, and by override reason. Numerator: prompts declined (counted once, from the plan or CDS
-- Hooks feedback), with the reason given. Denominator: prompts shown in the period (prompts_shown).
SELECT s.patient, s.month, s.rule, d.reason,
  CASE WHEN d.patient IS NULL THEN 0 ELSE 1 END AS num,
  1 AS den
FROM prompts_shown s
LEFT JOIN decisions d ON d.patient = s.patient AND d.rule = s.rule AND d.outcome = 'declined'
