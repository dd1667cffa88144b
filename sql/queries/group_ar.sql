-- Each group portfolio's AR per τ: the mean of its members' ARs that day and how many had one, for
-- event_study.portfolio_car. $member_launches, $member_tickers, $member_groups: parallel lists of the
-- 'ok' results rows (launch, security, its group); $launch_ids, $tickers: the same launches and
-- securities, so the macros start from them. The members' daily ARs stay inside DuckDB.
WITH members AS (
    SELECT unnest($member_launches) AS launch_id, unnest($member_tickers) AS ticker,
           unnest($member_groups) AS "group"
)
SELECT a.launch_id, m."group", a.tau, avg(a.ar) AS mean, count(a.ar) AS "count"
FROM abnormal_returns($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                      tau_min := $tau_min, tau_max := $tau_max, model := $model,
                      launch_ids := $launch_ids, tickers := $tickers) AS a
JOIN members AS m ON a.launch_id = m.launch_id AND a.ticker = m.ticker
GROUP BY a.launch_id, m."group", a.tau
ORDER BY a.launch_id, m."group", a.tau;
