-- AR_τ from the fits the publish kept (study_cache, window [0, 0]: the fit does not depend on the window)
-- for launch_ids × tickers (tickers NULL: all) and τ ∈ [tau_min, tau_max]: abnormal_returns' rows and AR for
-- the kept settings (market model, estimation [-250, -11]) without fitting again. The event date is the
-- kept one, the market date (the caller asks here only for launches where that is the date it wants).
-- Rows: the pairs whose t0 is at most 10 days after the event (as event_panel), τ in the security's own
-- trading days, its return (ret) and the benchmark's of the same date (rm); AR NULL where the fit is flagged
-- (fewer than event_study's min_est of 60 days, or the benchmark).
-- Created by each publish once study_cache exists (pipelines/study_cache.py); read by mean_ar_kept.sql,
-- abnormal_returns_kept.sql, abnormal_returns_paths_kept.sql and group_ar_kept.sql with the joins as written
-- (warehouse.AS_WRITTEN): each hashes the pairs asked for, on the right, and streams the returns table past
-- them (mean_ar_kept.sql, whose launches × members × days can outgrow the returns table, leaves the sides to
-- the optimizer).
CREATE OR REPLACE MACRO kept_abnormal_returns(benchmark, tau_min, tau_max, launch_ids, tickers) AS TABLE
WITH fits AS MATERIALIZED (
    SELECT c.launch_id, c.ticker, c.t0, c.alpha, c.beta, c.n_est
    FROM study_cache AS c
    WHERE c.win_start = 0 AND c.win_end = 0
      AND c.launch_id IN (SELECT unnest(launch_ids))  -- hash lookups: a group has 1,000 members
      AND (tickers IS NULL OR c.ticker IN (SELECT unnest(tickers)))
      AND near_event(c.t0, c.event_date)
),
starts AS (  -- each pair's t0 row: its row number and trading-day number
    SELECT f.*, r.rid AS t0_rid, r.td AS t0_td
    FROM daily_returns AS r
    JOIN fits AS f ON r.ticker = f.ticker AND r.date = f.t0
),
picked AS MATERIALIZED (
    SELECT s.launch_id, s.ticker, s.alpha, s.beta, s.n_est, s.tau, r.date, r.ret
    FROM daily_returns AS r
    JOIN (SELECT s.*, t.tau FROM starts AS s CROSS JOIN range(tau_min, tau_max + 1) AS t(tau)) AS s
        ON r.rid = s.t0_rid + s.tau
    WHERE r.td = s.t0_td + s.tau
)
SELECT p.launch_id, p.ticker, p.tau, p.date, p.ret, b.ret AS rm,
       CASE WHEN coalesce(p.n_est, 0) < 60 OR p.ticker = benchmark THEN NULL
            ELSE p.ret - (p.alpha + p.beta * b.ret) END AS ar
FROM picked AS p
LEFT JOIN (SELECT date, ret FROM daily_returns WHERE ticker = benchmark) AS b ON b.date = p.date;
