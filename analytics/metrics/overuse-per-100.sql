-- R3–R7, R8b, R9a–R9d, by rule, per 100 patients. Numerator: prompts fired (one firing event per
-- patient and rule at their last visit). Denominator: patients seen in the period.
SELECT a.patient, a.month, r.rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN r.fired THEN 1 ELSE 0 END AS num, 1 AS den
FROM active_patients a
JOIN prompt_results r ON r.patient = a.patient
WHERE r.rule IN ('R3', 'R4', 'R5', 'R6', 'R7', 'R8b', 'R9a', 'R9b', 'R9c', 'R9d')
