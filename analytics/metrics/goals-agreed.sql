-- Numerator: of those, patients with a goal both they and a clinician accepted (goal-acceptance
-- "agree" by the Patient and by a Practitioner). Denominator: patients seen in the period with a
-- priority of their own on record during it (priorities_in_period, as what-matters-documented).
SELECT a.patient, a.month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN EXISTS (
    SELECT 1 FROM goal_acceptance pa
    JOIN goal_acceptance ca ON ca.goal = pa.goal
    WHERE pa.patient = a.patient AND pa.individual = a.patient AND pa.status = 'agree'
      AND ca.individual LIKE 'Practitioner/%' AND ca.status = 'agree'
  ) THEN 1 ELSE 0 END AS num,
  1 AS den
FROM active_patients a
WHERE EXISTS (
  SELECT 1 FROM priorities_in_period g WHERE g.patient = a.patient
)
