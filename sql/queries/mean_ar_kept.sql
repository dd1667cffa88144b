-- adoption_car.sql's rows from the fits the last publish kept (pipelines/study_cache.py) instead of fitting
-- the market model again: AR_τ for τ ∈ [$tau_min, $tau_max] of $launch_ids × $tickers, averaged over the
-- securities (those without a fit count as missing), date: the trading day τ of the first security by ticker.
-- Only for launches whose event date is the kept one: with $use_market_date, all; without, those whose
-- market date is their release date (the caller computes the others with adoption_car.sql). The rows, the
-- benchmark's return and the AR are adoption_car's (event_panel and abnormal_returns in event_study.sql).
WITH fits AS MATERIALIZED (
    SELECT c.launch_id, c.ticker, c.t0, c.alpha, c.beta, c.n_est
    FROM study_cache AS c
    JOIN launches AS l USING (launch_id)
    WHERE c.win_start = 0 AND c.win_end = 0
      AND c.launch_id IN (SELECT unnest($launch_ids))  -- hash lookups: a group has 1,000 members
      AND c.ticker IN (SELECT unnest($tickers))
      AND c.t0 <= c.event_date + INTERVAL 10 DAY
      AND ($use_market_date OR l.market_date IS NULL OR l.market_date = l.date)
),
starts AS (  -- each pair's t0 row: its row number and trading-day number
    SELECT f.*, r.rid AS t0_rid, r.td AS t0_td
    FROM fits AS f
    JOIN daily_returns AS r ON r.ticker = f.ticker AND r.date = f.t0
),
picked AS MATERIALIZED (
    SELECT s.launch_id, s.ticker, s.alpha, s.beta, s.n_est, s.tau, r.date, r.ret
    FROM daily_returns AS r
    JOIN (SELECT s.*, t.tau FROM starts AS s CROSS JOIN range($tau_min, $tau_max + 1) AS t(tau)) AS s
        ON r.rid = s.t0_rid + s.tau
    WHERE r.td = s.t0_td + s.tau
)
SELECT p.launch_id, p.tau, arg_min(p.date, p.ticker) AS date,
       avg(CASE WHEN coalesce(p.n_est, 0) < 60 OR p.ticker = $benchmark THEN NULL  -- event_study's min_est
                ELSE p.ret - (p.alpha + p.beta * b.ret) END) AS ar
FROM picked AS p
LEFT JOIN (SELECT date, ret FROM daily_returns WHERE ticker = $benchmark) AS b ON b.date = p.date
GROUP BY p.launch_id, p.tau
ORDER BY p.launch_id, p.tau;
