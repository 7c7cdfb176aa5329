-- By rule, and by override reason. Numerator: prompts declined (counted once, from the plan or CDS
-- Hooks feedback), with the reason given. Denominator: prompts shown in the period — fired at the
-- last visit or decided on.
WITH shown AS (
  SELECT r.patient, r.rule, SUBSTR(r.evaluated, 1, 7) AS month
  FROM prompt_results r JOIN active_patients a ON a.patient = r.patient
  WHERE r.fired
  UNION
  SELECT d.patient, d.rule, SUBSTR(d.day, 1, 7) AS month FROM decisions d
  WHERE NOT EXISTS (SELECT 1 FROM prompt_results r JOIN active_patients a ON a.patient = r.patient
                    WHERE r.fired AND r.patient = d.patient AND r.rule = d.rule)
)
SELECT s.patient, s.month, s.rule, d.reason,
  CASE WHEN d.patient IS NULL THEN 0 ELSE 1 END AS num,
  1 AS den
FROM shown s
LEFT JOIN decisions d ON d.patient = s.patient AND d.rule = s.rule AND d.outcome = 'declined'
