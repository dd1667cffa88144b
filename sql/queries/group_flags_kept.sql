-- The confounder flags of whole groups' portfolios, as the last publish kept them (event_study.group_results'
-- flags, confounded and same_day_launches): $groups at $launch_ids for the kept window [$win_start, $win_end].
SELECT launch_id, "group", flags, confounded, same_day_launches
FROM study_group_flags
WHERE list_contains($launch_ids, launch_id) AND list_contains($groups, "group")
  AND win_start = $win_start AND win_end = $win_end
ORDER BY launch_id, "group";
