-- The kept default studies (pipelines/study_cache.py) of $windows (a list of [start, end]) ×
-- $launch_ids × $tickers (lists, NULL: all), in the order of event_study_flagged.sql, whose rows they are.
SELECT *
FROM study_cache
WHERE list_contains($windows, [win_start, win_end])
  AND ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($tickers IS NULL OR list_contains($tickers, ticker))
ORDER BY win_start, win_end, launch_id, "group", ticker;
