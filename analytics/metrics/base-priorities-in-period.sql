-- The priorities each patient stated themselves (PCO what-matters Goals, expressedBy the Patient)
-- that were on record during the reporting period: stated by its end (startDate, when there is one)
-- and not withdrawn before its start. A priority the patient withdrew (cancelled, as
-- retirePriorityGoal writes it), that was rejected, or whose goal was completed was documented
-- until that day: it counts when it was stated within the period (it was on record from then), or
-- when its statusDate, the day its status last changed, falls on or after the period's start. A
-- withdrawn priority stated before the period with no statusDate cannot be shown to have been on
-- record in the period, and does not count. Entered in error never counts (the priorities view
-- leaves it out). The export holds each Goal as it is now, so an open priority counts as open.
SELECT g.goal, g.patient, g.one_thing
FROM priorities g
CROSS JOIN period p
WHERE g.expressed_by = g.patient
  AND (g.start_date IS NULL OR g.start_date <= p.period_to)
  AND (
    COALESCE(g.lifecycle, '') NOT IN ('cancelled', 'rejected', 'completed')
    OR g.status_date >= p.period_from
    OR g.start_date >= p.period_from
  )
