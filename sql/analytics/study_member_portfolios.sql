-- The group portfolios the kept rows of $launch_ids × $tickers are members of (pipelines/study_cache.py asks
-- before a publish computes those rows again and after, and computes again the portfolios of either): a
-- portfolio's days and flags are of its 'ok' members (study_group_days.sql, study_group_flags.sql), its CAR
-- days of its members with a t0 near the event (study_group_car.sql; its member count is the group's, which a
-- change of returns does not move). A pair that is neither before and after, such as the launches of a security
-- whose bars stopped and came back long after them, changes no portfolio. Semi joins: $tickers may be
-- thousands, tested against every kept row.
SELECT DISTINCT launch_id, "group"
FROM study_cache
WHERE launch_id IN (SELECT unnest($launch_ids))
  AND ticker IN (SELECT unnest($tickers))
  AND "group" IS NOT NULL
  AND (status = 'ok' OR near_event(t0, event_date))
ORDER BY "group", launch_id;
