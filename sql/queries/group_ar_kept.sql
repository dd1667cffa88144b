-- group_ar.sql's rows (each group portfolio's mean AR and member count per τ) from the fits the last publish
-- kept (kept_abnormal_returns): $member_launches, $member_tickers, $member_groups are the parallel lists of
-- the 'ok' members; $launch_ids, $tickers the same launches and securities.
WITH members AS (
    SELECT unnest($member_launches) AS launch_id, unnest($member_tickers) AS ticker,
           unnest($member_groups) AS "group"
)
SELECT a.launch_id, m."group", a.tau, avg(a.ar) AS mean, count(a.ar) AS "count"
FROM kept_abnormal_returns($benchmark, $tau_min, $tau_max, $launch_ids, $tickers) AS a
JOIN members AS m ON a.launch_id = m.launch_id AND a.ticker = m.ticker
GROUP BY a.launch_id, m."group", a.tau
ORDER BY a.launch_id, m."group", a.tau;
