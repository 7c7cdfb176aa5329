-- Prompt decisions in the period, once per patient and rule: from the shared plan (the record)
-- or, when the plan has none for that rule, from CDS Hooks feedback (the latest for the card's rule).
-- A plan activity is read as the plan's views read it (src/core/plan/view.ts activityKind):
-- cancelled or stopped is declined, entered in error is no decision.
WITH plan_decisions AS (
  SELECT a.patient, a.rule,
    CASE WHEN a.status IN ('cancelled', 'stopped') THEN 'declined' ELSE 'accepted' END AS outcome,
    a.reason, SUBSTR(a.scheduled, 1, 10) AS day
  FROM plan_activities a
  JOIN care_plans c ON c.plan = a.plan
  WHERE c.shared AND a.activity_key LIKE 'prompt:%' AND a.rule IS NOT NULL
    AND COALESCE(a.status, '') <> 'entered-in-error'
),
feedback_decisions AS (
  SELECT patient, rule, outcome, reason, day FROM (
    SELECT
      CASE WHEN f.patient LIKE 'Patient/%' THEN f.patient ELSE CONCAT('Patient/', f.patient) END AS patient,
      f.rule,
      CASE WHEN f.outcome = 'overridden' THEN 'declined' ELSE 'accepted' END AS outcome,
      f.reason_code AS reason,
      SUBSTR(f.time, 1, 10) AS day,
      ROW_NUMBER() OVER (PARTITION BY f.patient, f.rule ORDER BY f.time DESC) AS n
    FROM feedback f
    WHERE f.kind = 'feedback' AND f.outcome IN ('accepted', 'overridden')
  ) latest
  WHERE n = 1
),
all_decisions AS (
  SELECT patient, rule, outcome, reason, day FROM plan_decisions
  UNION ALL
  SELECT f.patient, f.rule, f.outcome, f.reason, f.day FROM feedback_decisions f
  WHERE NOT EXISTS (SELECT 1 FROM plan_decisions d WHERE d.patient = f.patient AND d.rule = f.rule)
)
SELECT d.patient, d.rule, d.outcome, d.reason, d.day
FROM all_decisions d
CROSS JOIN period p
WHERE d.day BETWEEN p.period_from AND p.period_to
