-- Patients with an encounter in the reporting period, with the month of their last one there. A
-- cancelled encounter is no visit (one entered in error is not in the encounters view).
SELECT e.patient, MAX(SUBSTR(e.start_time, 1, 7)) AS month
FROM encounters e
CROSS JOIN period p
WHERE SUBSTR(e.start_time, 1, 10) BETWEEN p.period_from AND p.period_to
  AND e.patient IS NOT NULL
  AND COALESCE(e.status, '') <> 'cancelled'
GROUP BY e.patient
