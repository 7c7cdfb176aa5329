-- CollaboRATE (value-care-rules.md §10). Numerator: responses scoring 9 on all three items
-- (top-box). Denominator: responses in the period with a score (every item answered, or one below 9).
-- A score whose response was entered in error is no response, as the clinician's view has it.
SELECT s.patient, SUBSTR(s.effective, 1, 7) AS month, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS reason,
  CASE WHEN s.top_box THEN 1 ELSE 0 END AS num, 1 AS den
FROM survey_scores s
CROSS JOIN period p
WHERE s.top_box IS NOT NULL AND SUBSTR(s.effective, 1, 10) BETWEEN p.period_from AND p.period_to
  AND NOT EXISTS (
    SELECT 1 FROM questionnaire_responses q
    WHERE q.response = s.derived_from AND q.status = 'entered-in-error'
  )
