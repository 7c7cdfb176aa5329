-- Numerator: visits whose shared plan records a decision aid shown that day. Denominator: visits
-- in the period where the plan records a prompt decision (a patient and a day; an activity entered
-- in error is no decision).
WITH visits AS (
  SELECT a.patient, SUBSTR(a.scheduled, 1, 10) AS day
  FROM plan_activities a
  JOIN care_plans c ON c.plan = a.plan
  CROSS JOIN period p
  WHERE c.shared AND a.activity_key LIKE 'prompt:%' AND COALESCE(a.status, '') <> 'entered-in-error'
    AND SUBSTR(a.scheduled, 1, 10) BETWEEN p.period_from AND p.period_to
  GROUP BY a.patient, SUBSTR(a.scheduled, 1, 10)
)
SELECT v.patient, SUBSTR(v.day, 1, 7) AS month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (SELECT 1 FROM plan_aids x WHERE x.patient = v.patient AND SUBSTR(x.shown, 1, 10) = v.day)
    THEN 1 ELSE 0 END AS num,
  1 AS den
FROM visits v
