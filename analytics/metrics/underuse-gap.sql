-- R1, R2, R8a, R10, by rule. Numerator: eligible patients for whom the recommendation is not
-- satisfied (the prompt fires, or a recorded decline silences it). Denominator: patients seen in
-- the period who are eligible (the rule's denominator).
SELECT r.patient, SUBSTR(r.evaluated, 1, 7) AS month, r.rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN r.fired OR r.declined THEN 1 ELSE 0 END AS num, 1 AS den
FROM prompt_results r
JOIN active_patients a ON a.patient = r.patient
WHERE r.eligible AND r.rule IN ('R1', 'R2', 'R8a', 'R10')
