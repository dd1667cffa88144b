-- mean_ar_kept.sql's rows for a whole group, as the last publish kept them (sql/analytics/study_group_car.sql):
-- per launch of $launch_ids and τ ∈ [$tau_min, $tau_max], with `members` (the group's securities behind the
-- kept rows) and `listed` (how many of $tickers are in $group now), so the caller can tell that its
-- securities are the whole group.
SELECT launch_id, tau, date, ar, members,
       (SELECT count(*) FROM securities WHERE "group" = $group AND list_contains($tickers, ticker)) AS listed
FROM study_group_car
WHERE "group" = $group AND list_contains($launch_ids, launch_id) AND tau BETWEEN $tau_min AND $tau_max
ORDER BY launch_id, tau;
