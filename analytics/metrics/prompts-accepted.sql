-- By rule. Numerator: prompts accepted (from the shared plan, or CDS Hooks feedback when the plan
-- has no decision; counted once). Denominator: prompts shown in the period (prompts_shown).
SELECT s.patient, s.month, s.rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.patient = s.patient AND d.rule = s.rule AND d.outcome = 'accepted')
    THEN 1 ELSE 0 END AS num,
  1 AS den
FROM prompts_shown s
