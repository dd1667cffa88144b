-- Daily downloads derived from consecutive all-time totals (analytics/adoption.sql) of the chosen repos.
SELECT repo_id, source, interval_start, interval_end, days, downloads, per_day, flag
FROM daily_downloads
WHERE list_contains($repo_ids, repo_id)
  AND CAST(interval_end AS DATE) BETWEEN $start AND $end
ORDER BY repo_id, interval_end;
