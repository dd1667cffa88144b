-- group_ar.sql's rows for whole groups, as the last publish kept them (sql/analytics/study_group_days.sql):
-- the portfolios of $groups at $launch_ids for the kept window [$win_start, $win_end], with `members`, the
-- 'ok' members behind each, so the caller can tell that its members are the whole group.
SELECT launch_id, "group", tau, mean, "count", members
FROM study_group_days
WHERE list_contains($launch_ids, launch_id) AND list_contains($groups, "group")
  AND win_start = $win_start AND win_end = $win_end
ORDER BY launch_id, "group", tau;
