-- Numerator: patients seen in the period with a priority they expressed themselves (PCO what-matters
-- Goal) recorded by the end of it. Denominator: patients seen in the period.
SELECT a.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM priorities g CROSS JOIN period p
    WHERE g.patient = a.patient AND g.expressed_by = a.patient
      AND g.lifecycle <> 'entered-in-error' AND (g.start_date IS NULL OR g.start_date <= p.period_to)
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM active_patients a
