-- The 'ok' members of the group portfolios of $launch_ids × $groups (NULL: all) at every kept window, with
-- their confounder reasons as event_study.results gives them (no reason: ''), in its order: what
-- confounders.add_group_flags reads to keep each portfolio's flags (pipelines/study_cache.py).
SELECT launch_id, ticker, "group", win_start, win_end, status, coalesce(flags, '') AS flags,
       coalesce(same_day_launches, '') AS same_day_launches
FROM study_cache
WHERE status = 'ok'
  AND ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($groups IS NULL OR list_contains($groups, "group"))
ORDER BY win_start, win_end, launch_id, "group", ticker;
