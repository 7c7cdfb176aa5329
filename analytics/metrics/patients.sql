-- Numerator: patients with an encounter in the period. Denominator: every patient in the export.
SELECT pt.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN a.patient IS NULL THEN 0 ELSE 1 END AS num, 1 AS den
FROM patients pt
LEFT JOIN active_patients a ON a.patient = pt.patient
