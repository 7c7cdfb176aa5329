-- Numerator: patients seen in the period with "the one thing" (a priority they stated themselves,
-- high priority) on record during the period — stated by its end and not withdrawn before its
-- start (priorities_in_period, base-priorities-in-period.sql): one withdrawn later still counts, it
-- was documented; one withdrawn before the period does not. Denominator: patients seen in the period.
SELECT a.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM priorities_in_period g WHERE g.patient = a.patient AND g.one_thing
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM active_patients a
