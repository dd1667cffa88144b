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
-- win_end] from its t0, or of each [start, end] of windows (a list; NULL: the one window). Rows: every
-- launch × security × window in launch_ids × tickers (NULL: all) with a day in the window and a t0 near its
-- event (near_event: a pair with a later t0 is missing from the study, so nothing can confound it; its
-- window would span the months between the event and that t0).

-- The data note on a thin estimation window (NULL: not thin), from its count of days with both returns.
CREATE OR REPLACE MACRO thin_estimation_note(ticker, benchmark, n_est, est_start, est_end) AS
    CASE WHEN ticker <> benchmark AND coalesce(n_est, 0) < 0.8 * (est_end - est_start + 1)
         THEN printf('thin estimation window: %d of %d days', coalesce(n_est, 0), est_end - est_start + 1) END;

-- A row's flags text: its confounders, then its notes (earnings dates unknown, then the data notes).
CREATE OR REPLACE MACRO flag_text(confounder_reasons, earnings_known, data_notes) AS
    array_to_string(
        list_concat(
            confounder_reasons,
            list_concat(
                CASE WHEN earnings_known IS NOT NULL AND NOT earnings_known
                     THEN ['earnings dates unknown'] ELSE CAST([] AS VARCHAR[]) END,
                data_notes
            )
        ),
        '; '
    );

-- count_est := FALSE: the caller has the estimation window's day count from its own study
-- (event_study's n_est, the same days, for every pair flagged here): it is not counted again, and the
-- thin-window note is left out of data_notes and flags, for the caller to put first in data_notes
-- (sql/queries/event_study_flagged.sql).
CREATE OR REPLACE MACRO event_flags(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                    win_start := 0, win_end := 0, sigma_k := 3.0,
                                    launch_ids := NULL, tickers := NULL, windows := NULL, count_est := TRUE) AS TABLE
WITH days AS MATERIALIZED (
    SELECT *
    FROM event_days(use_market_date := use_market_date, launch_ids := launch_ids, tickers := tickers)
    WHERE near_event(t0, event_date)
),
wins AS (
    SELECT DISTINCT w[1] AS ws, w[2] AS we
    FROM (SELECT unnest(coalesce(windows, [[win_start, win_end]])) AS w)
),
bench AS (
    SELECT date, ret, td FROM daily_returns WHERE ticker = benchmark
),
-- Each launch × security × window: its first and last day (clipped to the data) and window_prev,
-- the security's bar before the first day (NULL: the data starts there). Another event day d has
-- its t0 inside the window exactly when window_prev < d <= window_last (every bar between is in
-- the window), and the same t0 when t0_prev < d <= t0: no t0 of another launch is looked up.
windows AS MATERIALIZED (
    SELECT d.launch_id, d.ticker, d.event_date, d.t0, d.t0_td, d.t0_prev, d.ws, d.we,
           min(r.date) AS window_first, max(r.date) AS window_last, arg_min_null(r.prev_date, r.td) AS window_prev
    FROM daily_returns AS r
    JOIN (SELECT d.*, w.ws, w.we, unnest(range(w.ws, w.we + 1)) AS tau FROM days AS d CROSS JOIN wins AS w
          WHERE d.t0_rid >= d.t0_td AND d.t0_td > 0) AS d  -- always true: a hint (see event_sums)
        ON r.rid = d.t0_rid + d.tau  -- a security's rows are consecutive rids; td keeps to it
    WHERE r.td = d.t0_td + d.tau
    GROUP BY d.launch_id, d.ticker, d.event_date, d.t0, d.t0_td, d.t0_prev, d.ws, d.we
),
-- Estimation-window observations with both returns (the market model's L1), once per launch ×
-- security: the security's rows of the window first (MATERIALIZED), then the benchmark's dates.
est_rows AS MATERIALIZED (
    SELECT d.launch_id, d.ticker, r.date, r.ret
    FROM daily_returns AS r
    JOIN (SELECT d.launch_id, d.ticker, d.t0_td, d.t0_rid, t.tau
          FROM days AS d CROSS JOIN range(est_start, est_end + 1) AS t(tau)
          WHERE d.t0_rid >= d.t0_td AND d.t0_td > 0 AND count_est) AS d
        ON r.rid = d.t0_rid + d.tau
    WHERE r.td = d.t0_td + d.tau
),
est AS (
    SELECT e.launch_id, e.ticker, count(*) FILTER (WHERE e.ret IS NOT NULL AND b.ret IS NOT NULL) AS n_est
    FROM est_rows AS e
    LEFT JOIN bench AS b ON b.date = e.date
    GROUP BY e.launch_id, e.ticker
),
-- The benchmark around each launch: its t0, σ_m over the estimation window, extreme days nearby.
bench_t0 AS (
    SELECT l.launch_id, r.td AS t0_td
    FROM (SELECT DISTINCT launch_id, event_date FROM days) AS l
    ASOF JOIN bench AS r ON l.event_date <= r.date
),
bench_panel AS (
    SELECT b.launch_id, r.td - b.t0_td AS tau, r.date, r.ret
    FROM bench_t0 AS b
    JOIN bench AS r
        ON r.td BETWEEN b.t0_td + least(est_start, (SELECT min(ws) FROM wins) - 10)
                    AND b.t0_td + greatest((SELECT max(we) FROM wins) + 10, est_end)
),
bench_sigma AS (
    SELECT launch_id, stddev_samp(ret) FILTER (WHERE tau BETWEEN est_start AND est_end) AS sigma_m
    FROM bench_panel
    GROUP BY launch_id
),
extreme AS (
    SELECT p.launch_id, p.tau, p.date, p.ret, p.ret / s.sigma_m AS z
    FROM bench_panel AS p
    JOIN bench_sigma AS s USING (launch_id)
    WHERE abs(p.ret) > sigma_k * s.sigma_m
),
market_flags AS (
    SELECT w.launch_id, w.ticker, w.ws, w.we,
           list(printf('market-wide day %s (%s %+.2f %%, |R_m| = %.1f σ_m > %s σ_m)',
                       x.date, benchmark, 100 * x.ret, abs(x.z), CAST(sigma_k AS VARCHAR)) ORDER BY x.date)
               AS market_days
    FROM windows AS w
    JOIN extreme AS x
        ON x.launch_id = w.launch_id AND x.date BETWEEN w.window_first AND w.window_last
       AND x.tau BETWEEN w.ws - 10 AND w.we + 10
    WHERE w.ticker <> benchmark
    GROUP BY w.launch_id, w.ticker, w.ws, w.we
),
others AS (  -- every confirmed launch (not only the chosen ones) and its event date
    SELECT launch_id, model, CASE WHEN use_market_date THEN coalesce(market_date, date) ELSE date END AS event_date
    FROM launches
    WHERE confirmed
),
-- The other launches depend on a window's dates only, not on its security: securities trading on the
-- same days share them, so each distinct span is joined to the launches once. Another launch counts only
-- where its own t0 is near its event (near_event): a security's first bar, or its first after a long gap,
-- is the t0 of every launch since its bar before, and those launches are not studied on it.
spans AS (
    SELECT DISTINCT launch_id, t0, coalesce(t0_prev, DATE '0001-01-01') AS t0_after,
           coalesce(window_prev, DATE '0001-01-01') AS window_after, window_first, window_last
    FROM windows
),
launch_hits AS (
    SELECT *
    FROM (
        SELECT w.launch_id, w.t0, w.t0_after, w.window_after, w.window_first, w.window_last, o.launch_id AS other_id,
               o.model, o.event_date, o.event_date > w.t0_after AND o.event_date <= w.t0 AS same_t0
        FROM spans AS w
        JOIN others AS o
            ON o.launch_id <> w.launch_id
           AND o.event_date > w.window_after
           AND o.event_date <= w.window_last
    )
    WHERE near_event(CASE WHEN same_t0 THEN t0  -- its t0 is ours
                          WHEN event_date <= window_first THEN window_first  -- the window's first bar
                          ELSE event_date END,  -- a bar inside the window: a session on or after it
                     event_date)
),
launch_flags AS (
    SELECT launch_id, t0, t0_after, window_after, window_first, window_last,
           list(model ORDER BY event_date, other_id) FILTER (WHERE same_t0) AS same_day,
           list(printf('same-day launch: %s (%s)', model, other_id) ORDER BY event_date, other_id)
               FILTER (WHERE same_t0) AS same_day_reasons,
           list(other_id ORDER BY event_date, other_id) FILTER (WHERE same_t0) AS same_day_ids,
           list(printf('%s (%s)', model, event_date) ORDER BY event_date, other_id)
               FILTER (WHERE NOT same_t0) AS in_window,
           list(other_id ORDER BY event_date, other_id) FILTER (WHERE NOT same_t0) AS in_window_ids
    FROM launch_hits
    GROUP BY launch_id, t0, t0_after, window_after, window_first, window_last
),
-- Announcements that can react inside a window (window_prev <= announce_date <= window_last), then
-- their reaction days, looked up among those securities' bars only.
near AS MATERIALIZED (
    SELECT DISTINCT e.ticker, e.announce_date, e.time_of_day
    FROM windows AS w
    JOIN earnings AS e
        ON e.ticker = w.ticker
       AND e.announce_date >= coalesce(w.window_prev, DATE '0001-01-01')
       AND e.announce_date <= w.window_last
),
bars AS (
    SELECT ticker, date
    FROM daily_returns
    WHERE ticker IN (SELECT ticker FROM near) AND date >= (SELECT min(announce_date) FROM near)
),
reactions AS (
    SELECT e.ticker, e.announce_date, e.time_of_day,
           on_or_after.date AS react_same, after.date AS react_next
    FROM near AS e
    ASOF LEFT JOIN bars AS on_or_after
        ON on_or_after.ticker = e.ticker AND e.announce_date <= on_or_after.date
    ASOF LEFT JOIN bars AS after
        ON after.ticker = e.ticker AND e.announce_date < after.date
),
reaction_span AS (
    SELECT *,
           CASE WHEN time_of_day = 'amc' THEN react_next ELSE react_same END AS react_from,
           CASE WHEN time_of_day IN ('bmo', 'dmh') THEN react_same ELSE react_next END AS react_to
    FROM reactions
),
earnings_flags AS (
    SELECT w.launch_id, w.ticker, w.ws, w.we,
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
    GROUP BY w.launch_id, w.ticker, w.ws, w.we
),
coverage AS (
    SELECT ticker, min(announce_date) AS first_announce, max(announce_date) AS last_announce
    FROM earnings
    GROUP BY ticker
),
found AS (
SELECT
    w.launch_id,
    w.ticker,
    s."group",
    w.event_date,
    w.t0,
    w.ws AS win_start,
    w.we AS win_end,
    w.window_first,
    w.window_last,
    coalesce(m.market_days, []) AS market_days,
    coalesce(lf.same_day, []) AS same_day,
    coalesce(lf.same_day_ids, []) AS same_day_ids,
    coalesce(lf.same_day_reasons, []) AS same_day_reasons,
    coalesce(lf.in_window, []) AS in_window,
    coalesce(lf.in_window_ids, []) AS in_window_ids,
    coalesce(ef.earnings, []) AS earnings,
    CASE
        WHEN s."group" = 'index' THEN NULL
        ELSE coalesce(c.first_announce - INTERVAL 100 DAY <= w.window_first
                      AND w.window_last <= c.last_announce + INTERVAL 100 DAY, FALSE)
    END AS earnings_known,
    CASE WHEN count_est THEN coalesce(es.n_est, 0) END AS n_est_pairs,
    list_filter([
        CASE WHEN count_est THEN thin_estimation_note(w.ticker, benchmark, es.n_est, est_start, est_end) END,
        CASE WHEN w.ticker <> benchmark AND NOT EXISTS (
                      SELECT 1 FROM bench AS b WHERE b.date = w.t0 AND b.ret IS NOT NULL)
             THEN printf('benchmark %s shut on t0 %s', benchmark, w.t0) END,
        CASE WHEN date_diff('day', w.event_date, w.t0) > 1
             THEN printf('t0 %s is %d days after the event (%s)', w.t0, date_diff('day', w.event_date, w.t0),
                         w.event_date) END
    ], lambda x: x IS NOT NULL) AS data_notes
FROM windows AS w
JOIN securities AS s USING (ticker)
LEFT JOIN est AS es USING (launch_id, ticker)
LEFT JOIN market_flags AS m USING (launch_id, ticker, ws, we)
LEFT JOIN launch_flags AS lf
    ON lf.launch_id = w.launch_id AND lf.t0 = w.t0 AND lf.t0_after = coalesce(w.t0_prev, DATE '0001-01-01')
   AND lf.window_after = coalesce(w.window_prev, DATE '0001-01-01') AND lf.window_first = w.window_first
   AND lf.window_last = w.window_last
LEFT JOIN earnings_flags AS ef USING (launch_id, ticker, ws, we)
LEFT JOIN coverage AS c USING (ticker)
),
reasons AS (
    -- the human reasons (pipelines/confounders.py names the same kinds): confounders; the notes follow
    -- them in flag_text
    SELECT
        *,
        list_concat(
            list_concat(market_days, same_day_reasons),
            list_concat(list_transform(in_window, lambda x: 'other launch in window: ' || x), earnings)
        ) AS confounder_reasons
    FROM found
)
SELECT
    * EXCLUDE (same_day_reasons),
    flag_text(confounder_reasons, earnings_known, data_notes) AS flags,
    len(confounder_reasons) > 0 AS confounded,
    array_to_string(same_day_ids, ',') AS same_day_launches
FROM reasons;
