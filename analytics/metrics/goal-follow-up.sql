-- PCO IG measure 2. Numerator: agreed goals with a patient-reported attainment (LOINC 107334-5,
-- focus the goal) 2 weeks to 6 months after the agreement. Denominator: goals agreed by the
-- patient and a clinician in the period, at least 2 weeks before its end, and still agreed
-- (accepted or active, the goals the app asks the patient to report on): the agreement is dated by
-- statusDate, which a goal closed since (cancelled as no longer mattering, completed, on hold) has
-- moved to the day it closed, so such a goal cannot be placed in the period and is left out rather
-- than counted as agreed on the day it was withdrawn. Entered in error is in no view.
WITH agreed AS (
  SELECT g.goal, g.patient, g.status_date
  FROM goals g
  CROSS JOIN period p
  WHERE g.lifecycle IN ('accepted', 'active')
    AND g.status_date BETWEEN p.period_from AND p.period_to
    AND CAST(g.status_date AS DATE) + INTERVAL '14' DAY <= CAST(p.period_to AS DATE)
    AND EXISTS (SELECT 1 FROM goal_acceptance x WHERE x.goal = g.goal AND x.individual = g.patient AND x.status = 'agree')
    AND EXISTS (SELECT 1 FROM goal_acceptance y WHERE y.goal = g.goal AND y.individual LIKE 'Practitioner/%' AND y.status = 'agree')
)
SELECT g.patient, SUBSTR(g.status_date, 1, 7) AS month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM goal_reports r
    WHERE r.goal = g.goal
      AND CAST(SUBSTR(r.effective, 1, 10) AS DATE) >= CAST(g.status_date AS DATE) + INTERVAL '14' DAY
      AND CAST(SUBSTR(r.effective, 1, 10) AS DATE) <= CAST(g.status_date AS DATE) + INTERVAL '183' DAY
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM agreed g
