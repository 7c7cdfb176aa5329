-- Prompts shown in the period, once per patient and rule: fired at the patient's last visit, or
-- decided on (a decision means the prompt was shown, even if it no longer fires).
SELECT r.patient, r.rule, SUBSTR(r.evaluated, 1, 7) AS month
FROM prompt_results r JOIN active_patients a ON a.patient = r.patient
WHERE r.fired
UNION
SELECT d.patient, d.rule, SUBSTR(d.day, 1, 7) AS month FROM decisions d
WHERE NOT EXISTS (SELECT 1 FROM prompt_results r JOIN active_patients a ON a.patient = r.patient
                  WHERE r.fired AND r.patient = d.patient AND r.rule = d.rule)
