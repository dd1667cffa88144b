-- The kept default studies (pipelines/study_cache.py) of $windows (a list of [start, end]) ×
-- $launch_ids × $tickers (lists, NULL: all), in the order of event_study_flagged.sql, whose rows they are.
SELECT *
FROM study_cache
WHERE list_contains($windows, [win_start, win_end])  -- the lists as hash lookups: a group has 1,000 members
  AND ($launch_ids IS NULL OR launch_id IN (SELECT unnest($launch_ids)))
  AND ($tickers IS NULL OR ticker IN (SELECT unnest($tickers)))
ORDER BY win_start, win_end, launch_id, "group", ticker;
