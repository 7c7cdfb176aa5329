-- Numerator: patients seen in the period with a shared care plan (the app's category) in force by
-- its end. Denominator: patients seen in the period.
SELECT a.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM care_plans c CROSS JOIN period p
    WHERE c.patient = a.patient AND c.shared AND c.status IN ('active', 'completed')
      AND SUBSTR(COALESCE(c.period_start, c.created, p.period_to), 1, 10) <= p.period_to
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM active_patients a
