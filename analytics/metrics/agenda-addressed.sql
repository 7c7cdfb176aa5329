-- Numerator: visit agenda items the clinician checked off as addressed. Denominator: agenda items
-- the patient wrote in the period, on an agenda not abandoned (stopped) or entered in error: the
-- clinician's view shows only in-progress and completed agendas (src/core/voice/agenda.ts).
SELECT i.patient, SUBSTR(i.authored, 1, 7) AS month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN i.addressed THEN 1 ELSE 0 END AS num, 1 AS den
FROM agenda_items i
CROSS JOIN period p
WHERE i.questionnaire LIKE '%/Questionnaire/visit-agenda%' AND COALESCE(i.status, '') <> 'stopped'
  AND SUBSTR(i.authored, 1, 10) BETWEEN p.period_from AND p.period_to
