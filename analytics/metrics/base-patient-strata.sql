-- Each patient's equity strata: age band at the end of the period, administrative sex, OMB race
-- and ethnicity category (US Core), preferred language (else any stated language).
SELECT patient,
  CASE
    WHEN age IS NULL THEN 'unknown'
    WHEN age < 18 THEN '0-17'
    WHEN age < 45 THEN '18-44'
    WHEN age < 65 THEN '45-64'
    WHEN age < 75 THEN '65-74'
    WHEN age < 85 THEN '75-84'
    ELSE '85+'
  END AS age_band,
  COALESCE(gender, 'unknown') AS sex,
  COALESCE(race, 'UNK') AS race,
  COALESCE(ethnicity, 'UNK') AS ethnicity,
  COALESCE(language_preferred, language_any, 'unknown') AS language
FROM (
  SELECT pt.patient, pt.gender, pt.race, pt.ethnicity, pt.language_preferred, pt.language_any,
    CASE WHEN pt.birth_date IS NULL THEN NULL
      ELSE CAST(SUBSTR(p.period_to, 1, 4) AS INT) - CAST(SUBSTR(pt.birth_date, 1, 4) AS INT)
        - CASE WHEN SUBSTR(p.period_to, 6, 5) < SUBSTR(pt.birth_date, 6, 5) THEN 1 ELSE 0 END
    END AS age
  FROM patients pt
  CROSS JOIN period p
) x
