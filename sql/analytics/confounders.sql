-- Confounders of an event study: what else happened inside each launch × security event window.
-- A table macro next to event_study (sql/analytics/event_study.sql), using only its event_days
-- macro and the daily_returns view, so the two can change independently. The rules (README,
-- "Event-study method", Confounder flags):
--
--   market-wide day   a window day whose benchmark return is extreme against the benchmark's own
--                     volatility: |R_m,d| > sigma_k · σ_m (default 3), σ_m the sample standard
--                     deviation of the benchmark's daily returns over the estimation window
--                     τ ∈ [est_start, est_end] counted in the benchmark's trading days from its t0;
--   launch            another confirmed launch whose t0 for this security (its first trading day
--                     on or after that launch's event date) falls inside the window; "same-day"
--                     when that t0 is this event's t0;
--   earnings          a results announcement of this company whose reaction day falls inside the
--                     window: the first trading day on or after the announcement (before the open,
--                     during market hours), the first one after it (after the close); where the time
--                     of day is unknown both days count. A security without stored dates covering the
--                     window (100 days either side of the stored announcements) is "earnings dates
--                     unknown"; indices and ETFs (group 'index') have no earnings;
--   data              a thin estimation window (fewer than 80 % of its requested days have both
--                     returns), a benchmark with no return on t0 (its market shut), a t0 more than
--                     one calendar day after the event date (a weekend or holiday in between).
--
-- Windows are in the security's own trading days, as in event_study: the dates of τ ∈ [win_start,
-- win_end] from its t0. Rows: every launch × security in launch_ids × tickers (NULL: all) with a t0.

CREATE OR REPLACE MACRO event_flags(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                    win_start := 0, win_end := 0, sigma_k := 3.0,
                                    launch_ids := NULL, tickers := NULL) AS TABLE
WITH days AS (
    SELECT e.*
    FROM event_days(use_market_date := use_market_date) AS e
    WHERE (launch_ids IS NULL OR list_contains(launch_ids, e.launch_id))
      AND (tickers IS NULL OR list_contains(tickers, e.ticker))
      AND e.t0 IS NOT NULL
),
windows AS (
    SELECT d.launch_id, d.ticker, d.event_date, d.t0, d.t0_td,
           min(r.date) AS window_first, max(r.date) AS window_last
    FROM days AS d
    JOIN daily_returns AS r ON r.ticker = d.ticker AND r.td BETWEEN d.t0_td + win_start AND d.t0_td + win_end
    GROUP BY ALL
),
-- Estimation-window observations with both returns (the market model's L1).
est AS (
    SELECT d.launch_id, d.ticker, count(*) AS n_est
    FROM days AS d
    JOIN daily_returns AS r ON r.ticker = d.ticker AND r.td BETWEEN d.t0_td + est_start AND d.t0_td + est_end
    JOIN daily_returns AS b ON b.ticker = benchmark AND b.date = r.date
    WHERE r.ret IS NOT NULL AND b.ret IS NOT NULL
    GROUP BY ALL
),
-- The benchmark around each launch: its t0, σ_m over the estimation window, extreme days nearby.
bench_t0 AS (
    SELECT l.launch_id, r.td AS t0_td
    FROM (SELECT DISTINCT launch_id, event_date FROM days) AS l
    ASOF JOIN daily_returns AS r ON r.ticker = benchmark AND l.event_date <= r.date
),
bench_panel AS (
    SELECT b.launch_id, r.td - b.t0_td AS tau, r.date, r.ret
    FROM bench_t0 AS b
    JOIN daily_returns AS r
        ON r.ticker = benchmark
       AND r.td BETWEEN b.t0_td + least(est_start, win_start - 10) AND b.t0_td + greatest(win_end + 10, est_end)
),
bench_sigma AS (
    SELECT launch_id, stddev_samp(ret) FILTER (WHERE tau BETWEEN est_start AND est_end) AS sigma_m
    FROM bench_panel
    GROUP BY launch_id
),
extreme AS (
    SELECT p.launch_id, p.date, p.ret, p.ret / s.sigma_m AS z
    FROM bench_panel AS p
    JOIN bench_sigma AS s USING (launch_id)
    WHERE p.tau BETWEEN win_start - 10 AND win_end + 10
      AND abs(p.ret) > sigma_k * s.sigma_m
),
market_flags AS (
    SELECT w.launch_id, w.ticker,
           list(printf('market-wide day %s (%s %+.2f %%, |R_m| = %.1f σ_m > %s σ_m)',
                       x.date, benchmark, 100 * x.ret, abs(x.z), CAST(sigma_k AS VARCHAR)) ORDER BY x.date)
               AS market_days
    FROM windows AS w
    JOIN extreme AS x ON x.launch_id = w.launch_id AND x.date BETWEEN w.window_first AND w.window_last
    WHERE w.ticker <> benchmark
    GROUP BY ALL
),
other_days AS (  -- every confirmed launch's t0 per security (all launches, not only the chosen ones)
    SELECT e.launch_id, e.ticker, e.event_date, e.t0, l.model
    FROM event_days(use_market_date := use_market_date) AS e
    JOIN launches AS l USING (launch_id)
    WHERE l.confirmed AND e.t0 IS NOT NULL
      AND (tickers IS NULL OR list_contains(tickers, e.ticker))
),
launch_flags AS (
    SELECT w.launch_id, w.ticker,
           list(o.model ORDER BY o.event_date, o.launch_id) FILTER (WHERE o.t0 = w.t0) AS same_day,
           list(o.launch_id ORDER BY o.event_date, o.launch_id) FILTER (WHERE o.t0 = w.t0) AS same_day_ids,
           list(printf('%s (%s)', o.model, o.event_date) ORDER BY o.event_date, o.launch_id)
               FILTER (WHERE o.t0 <> w.t0) AS in_window,
           list(o.launch_id ORDER BY o.event_date, o.launch_id) FILTER (WHERE o.t0 <> w.t0) AS in_window_ids
    FROM windows AS w
    JOIN other_days AS o
        ON o.ticker = w.ticker AND o.launch_id <> w.launch_id AND o.t0 BETWEEN w.window_first AND w.window_last
    GROUP BY ALL
),
reactions AS (
    SELECT e.ticker, e.announce_date, e.time_of_day,
           on_or_after.date AS react_same, after.date AS react_next
    FROM earnings AS e
    ASOF LEFT JOIN daily_returns AS on_or_after
        ON on_or_after.ticker = e.ticker AND e.announce_date <= on_or_after.date
    ASOF LEFT JOIN daily_returns AS after
        ON after.ticker = e.ticker AND e.announce_date < after.date
    WHERE tickers IS NULL OR list_contains(tickers, e.ticker)
),
reaction_span AS (
    SELECT *,
           CASE WHEN time_of_day = 'amc' THEN react_next ELSE react_same END AS react_from,
           CASE WHEN time_of_day IN ('bmo', 'dmh') THEN react_same ELSE react_next END AS react_to
    FROM reactions
),
earnings_flags AS (
    SELECT w.launch_id, w.ticker,
           list(CASE e.time_of_day
                    WHEN 'amc' THEN printf('earnings %s after close → reacts %s', e.announce_date, e.react_next)
                    WHEN 'bmo' THEN printf('earnings %s before open', e.announce_date)
                    WHEN 'dmh' THEN printf('earnings %s during market hours', e.announce_date)
                    ELSE printf('earnings %s (time of day unknown: reacts %s or %s)',
                                e.announce_date, e.react_same, e.react_next)
                END ORDER BY e.announce_date) AS earnings
    FROM windows AS w
    JOIN reaction_span AS e
        ON e.ticker = w.ticker AND e.react_from <= w.window_last AND e.react_to >= w.window_first
    GROUP BY ALL
),
coverage AS (
    SELECT ticker, min(announce_date) AS first_announce, max(announce_date) AS last_announce
    FROM earnings
    GROUP BY ticker
)
SELECT
    w.launch_id,
    w.ticker,
    s."group",
    w.event_date,
    w.t0,
    w.window_first,
    w.window_last,
    coalesce(m.market_days, []) AS market_days,
    coalesce(lf.same_day, []) AS same_day,
    coalesce(lf.same_day_ids, []) AS same_day_ids,
    coalesce(lf.in_window, []) AS in_window,
    coalesce(lf.in_window_ids, []) AS in_window_ids,
    coalesce(ef.earnings, []) AS earnings,
    CASE
        WHEN s."group" = 'index' THEN NULL
        ELSE coalesce(c.first_announce - INTERVAL 100 DAY <= w.window_first
                      AND w.window_last <= c.last_announce + INTERVAL 100 DAY, FALSE)
    END AS earnings_known,
    coalesce(es.n_est, 0) AS n_est_pairs,
    list_filter([
        CASE WHEN w.ticker <> benchmark AND coalesce(es.n_est, 0) < 0.8 * (est_end - est_start + 1)
             THEN printf('thin estimation window: %d of %d days', coalesce(es.n_est, 0), est_end - est_start + 1) END,
        CASE WHEN w.ticker <> benchmark AND NOT EXISTS (
                      SELECT 1 FROM daily_returns AS b WHERE b.ticker = benchmark AND b.date = w.t0 AND b.ret IS NOT NULL)
             THEN printf('benchmark %s shut on t0 %s', benchmark, w.t0) END,
        CASE WHEN date_diff('day', w.event_date, w.t0) > 1
             THEN printf('t0 %s is %d days after the event (%s)', w.t0, date_diff('day', w.event_date, w.t0),
                         w.event_date) END
    ], lambda x: x IS NOT NULL) AS data_notes
FROM windows AS w
JOIN securities AS s USING (ticker)
LEFT JOIN est AS es USING (launch_id, ticker)
LEFT JOIN market_flags AS m USING (launch_id, ticker)
LEFT JOIN launch_flags AS lf USING (launch_id, ticker)
LEFT JOIN earnings_flags AS ef USING (launch_id, ticker)
LEFT JOIN coverage AS c USING (ticker);
