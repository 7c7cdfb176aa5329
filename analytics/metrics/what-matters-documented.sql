-- Numerator: patients seen in the period with a priority they expressed themselves (PCO what-matters
-- Goal) on record during the period — stated by its end and not withdrawn before its start
-- (priorities_in_period, base-priorities-in-period.sql). Denominator: patients seen in the period.
SELECT a.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM priorities_in_period g WHERE g.patient = a.patient
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM active_patients a
