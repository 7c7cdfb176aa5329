-- By rule. Numerator: patients seen in the period for whom the rule's prompt fired (on their last
-- visit). Denominator: patients seen in the period who are in the rule's denominator (eligible).
SELECT r.patient, SUBSTR(r.evaluated, 1, 7) AS month, r.rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN r.fired THEN 1 ELSE 0 END AS num, 1 AS den
FROM prompt_results r
JOIN active_patients a ON a.patient = r.patient
WHERE r.eligible
