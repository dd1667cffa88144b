-- Event study of launches × securities (MacKinlay 1997, "Event Studies in Economics and
-- Finance", market model). Everything here is a table macro over the daily_returns table
-- (materialised at publish from the view of sql/analytics/returns.sql).
--
-- Event time τ counts the security's own trading days; τ = 0 is t0, the security's first
-- trading day on or after the event date. The event date is the launch's market_date where
-- one exists and use_market_date is TRUE (default), otherwise its release date.
--
-- Market model, estimated by OLS over τ ∈ [est_start, est_end] (default [-250, -11]):
--     R_t = α + β·R_m,t + ε_t,   σ² = SSR / (L1 - 2),   L1 = observations used
-- Abnormal return and cumulative abnormal return over the window [τ1, τ2]:
--     AR_τ = R_τ - (α + β·R_m,τ),   CAR = Σ AR_τ over the L2 window days with data
-- Variance of CAR with the correction for a finite estimation window (MacKinlay 1997, eq. 9
-- and 15: Var(AR*) = σ²(I + X*(X'X)⁻¹X*'), summed over the window):
--     Var(CAR) = σ² · [ L2 + L2²/L1 + (Σ_τ (R_m,τ - μ_m))² / Σ_t∈est (R_m,t - μ_m)² ]
-- where μ_m is the benchmark's mean return over the estimation window. The test statistic
-- is t = CAR / √Var(CAR) with L1 - 2 degrees of freedom.
-- Other models: 'market_adjusted' (AR = R - R_m) and 'raw' (AR = R); for both σ is the
-- sample standard deviation of AR over the estimation window, Var(CAR) = L2·σ², df = L1 - 1.
-- A security whose estimation window has fewer than min_est observations, or that is the
-- benchmark itself, is flagged and its model-based numbers are left NULL (for the benchmark its σ,
-- CAR standard error and t: its residuals are rounding, 0, 1e-10 or a NaN from run to run); one without data
-- around the event is listed as missing. So is one whose event window needs a session of its
-- market that its source lacks (a gap: daily_returns.missing_before > 0 inside the window, or
-- no bar on the market's first session after the event): no return spans a gap, so its CAR,
-- raw return and value moved over that window cannot be measured.

-- The launches and securities asked for (launch_ids, tickers: lists, NULL for all) are parameters
-- of every macro here and filter the innermost tables, so a study of one launch × N securities
-- costs O(N × window length) whatever else the warehouse holds (DuckDB does not push a caller's
-- WHERE into a macro's joins and window functions).
--
-- A study reads only the returns of its own event and estimation windows: each launch ×
-- security pair is joined to its security's rows by (ticker, td = t0_td + τ), one hash join,
-- and the fit and the window sums come from one grouped pass over those rows.

-- Whether a launch × security's t0 is near enough to its event to be studied: at most 10 calendar days
-- after the event date (NULL without a t0). A later t0 (a security not listed yet, or back after a long
-- gap) measures some other day: event_study lists the pair as missing and no other macro reads its days.
CREATE OR REPLACE MACRO near_event(t0, event_date) AS t0 <= event_date + INTERVAL 10 DAY;

-- t0 per launch × security (NULL t0: no trading day on or after the event in the data), and
-- market_t0, the first session of the security's market on or after the event: a t0 later than
-- market_t0 means the security has no bar on a day its market traded. t0_prev is the security's
-- bar before t0 (NULL when t0 is its first): another event day d has the same t0 exactly when
-- t0_prev < d <= t0.
--
-- Every bar is a session of its market, so t0 is market_t0 whenever the security has a bar that
-- day: one ASOF join on the small market_sessions table and one equality join on (ticker, date).
-- Only the pairs without a bar on market_t0 (a gap, a security not trading yet or any more) look
-- further, by an ASOF join on those securities' rows alone.
CREATE OR REPLACE MACRO event_days(use_market_date := TRUE, launch_ids := NULL, tickers := NULL) AS TABLE
WITH ev AS (
    SELECT
        l.launch_id,
        s.ticker,
        s.currency AS calendar,
        CASE WHEN use_market_date THEN coalesce(l.market_date, l.date) ELSE l.date END AS event_date
    FROM launches AS l
    CROSS JOIN securities AS s
    WHERE (launch_ids IS NULL OR list_contains(launch_ids, l.launch_id))
      AND (tickers IS NULL OR list_contains(tickers, s.ticker))
),
sessions AS MATERIALIZED (
    SELECT e.launch_id, e.ticker, e.event_date, m.date AS market_t0
    FROM ev AS e
    ASOF LEFT JOIN market_sessions AS m
        ON e.calendar = m.calendar AND e.event_date <= m.date
),
bars AS (  -- an inner join, so the hash table holds the pairs and the returns stream past it
    SELECT s.launch_id, s.ticker, r.date AS t0, r.td AS t0_td, r.prev_date AS t0_prev, r.rid AS t0_rid
    FROM daily_returns AS r
    JOIN sessions AS s ON r.ticker = s.ticker AND r.date = s.market_t0
),
on_session AS MATERIALIZED (
    SELECT s.launch_id, s.ticker, s.event_date, s.market_t0, b.t0, b.t0_td, b.t0_prev, b.t0_rid
    FROM sessions AS s
    LEFT JOIN bars AS b USING (launch_id, ticker)
),
missing AS (
    SELECT launch_id, ticker, event_date FROM on_session WHERE t0 IS NULL
),
later AS (  -- the bars of those securities only (usually none: then no row is read)
    SELECT o.launch_id, o.ticker, r.date AS t0, r.td AS t0_td, r.prev_date AS t0_prev, r.rid AS t0_rid
    FROM missing AS o
    ASOF JOIN (  -- a hash join, so the scan is limited to those tickers' rows (none: nothing read)
        SELECT r.ticker, r.date, r.td, r.prev_date, r.rid
        FROM daily_returns AS r
        JOIN (SELECT DISTINCT ticker FROM missing) AS m ON r.ticker = m.ticker
    ) AS r
        ON o.ticker = r.ticker AND o.event_date <= r.date
)
SELECT
    o.launch_id,
    o.ticker,
    o.event_date,
    coalesce(o.t0, l.t0) AS t0,
    coalesce(o.t0_td, l.t0_td) AS t0_td,
    o.market_t0,
    CASE WHEN o.t0 IS NOT NULL THEN o.t0_prev ELSE l.t0_prev END AS t0_prev,
    coalesce(o.t0_rid, l.t0_rid) AS t0_rid
FROM on_session AS o
LEFT JOIN later AS l USING (launch_id, ticker);

-- Per launch × security × event window: the estimation-window fit (all three models) and the
-- sums over the event window [win_start, win_end], or over each window of windows (a list of
-- [start, end] pairs; NULL: the one window [win_start, win_end]). The fit does not depend on the
-- event window, so it is computed once per launch × security for all of them. Events whose t0
-- is more than 10 calendar days after the event date get neither (event_study reports them as
-- missing). Windows are clipped to the data.
CREATE OR REPLACE MACRO event_sums(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                   win_start := 0, win_end := 0, launch_ids := NULL, tickers := NULL,
                                   windows := NULL) AS TABLE
WITH days AS MATERIALIZED (
    SELECT * FROM event_days(use_market_date := use_market_date, launch_ids := launch_ids, tickers := tickers)
),
pairs AS MATERIALIZED (
    SELECT *, row_number() OVER () AS pair, coalesce(near_event(t0, event_date), FALSE) AS in_panel
    FROM days
),
wins AS (
    SELECT DISTINCT w[1] AS ws, w[2] AS we
    FROM (SELECT unnest(coalesce(windows, [[win_start, win_end]])) AS w)
),
bench AS (
    SELECT date, ret FROM daily_returns WHERE ticker = benchmark
),
-- Each pair's rows of its estimation window, then of its event windows: one hash join each on the
-- integer row number (rid = t0's rid + τ; the td check keeps it inside the security, whose rows are
-- consecutive rids), then the benchmark's return of the same date. MATERIALIZED so the benchmark
-- is joined to those rows only (the optimizer would otherwise join it to the whole returns table).
-- The pairs' filters t0_rid >= t0_td AND t0_td > 0 are always true: they lower the optimizer's
-- guess of the pairs' count (it cannot know how few launches × securities were asked for), so the
-- hash table holds the pairs' days and the returns table streams past it, whatever its size.
est_rows AS MATERIALIZED (
    SELECT p.pair, r.date, r.ret
    FROM daily_returns AS r
    JOIN (SELECT p.pair, p.t0_td, p.t0_rid, t.tau
          FROM pairs AS p CROSS JOIN range(est_start, est_end + 1) AS t(tau)
          WHERE p.in_panel AND p.t0_rid >= p.t0_td AND p.t0_td > 0) AS p  -- always true: see below
        ON r.rid = p.t0_rid + p.tau
    WHERE r.td = p.t0_td + p.tau
),
win_rows AS MATERIALIZED (
    SELECT p.pair, p.ws, p.we, p.tau, r.date, r.ret, r.close, r.prev_close, r.prev_date, r.missing_before
    FROM daily_returns AS r
    JOIN (SELECT p.pair, p.t0_td, p.t0_rid, w.ws, w.we, w.tau
          FROM pairs AS p
          CROSS JOIN (SELECT ws, we, unnest(range(ws, we + 1)) AS tau FROM wins) AS w
          WHERE p.in_panel AND p.t0_rid >= p.t0_td AND p.t0_td > 0) AS p
        ON r.rid = p.t0_rid + p.tau
    WHERE r.td = p.t0_td + p.tau
),
est_sums AS (
    -- the estimation window's plain sums over the days with both returns (the market model's L1 days)
    SELECT
        r.pair,
        count(*) AS est_rows,
        count(*) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS n,
        sum(r.rm) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS sx,
        sum(r.ret) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS sy,
        sum(r.rm * r.rm) FILTER (WHERE r.ret IS NOT NULL) AS sxx_raw,
        sum(r.rm * r.ret) AS sxy_raw,
        sum(r.ret * r.ret) FILTER (WHERE r.rm IS NOT NULL) AS syy_raw
    FROM (SELECT e.pair, e.ret, b.ret AS rm FROM est_rows AS e LEFT JOIN bench AS b ON b.date = e.date) AS r
    GROUP BY r.pair
),
est_centred AS (
    SELECT
        pair, est_rows, n, sx, sy,
        sxx_raw - sx * sx / nullif(n, 0) AS sxx,
        sxy_raw - sx * sy / nullif(n, 0) AS sxy,
        syy_raw - sy * sy / nullif(n, 0) AS syy
    FROM est_sums
),
est AS (
    -- OLS of ret on rm over τ ∈ [est_start, est_end] from the centred sums (what regr_slope,
    -- regr_intercept, regr_r2 and stddev_samp compute, in one pass of plain sums)
    SELECT
        pair,
        est_rows,
        n,
        (sy - sxy / nullif(sxx, 0) * sx) / nullif(n, 0) AS alpha,
        sxy / nullif(sxx, 0) AS beta,
        CASE WHEN sxx = 0 THEN NULL WHEN syy = 0 THEN 1 ELSE sxy * sxy / (sxx * syy) END AS r2,
        syy,
        sxy,
        sx / nullif(n, 0) AS mean_rm,
        sxx AS sxx_rm,
        sqrt((syy - 2 * sxy + sxx) / nullif(n - 1, 0)) AS sigma_market_adjusted,
        sqrt(syy / nullif(n - 1, 0)) AS sigma_raw
    FROM est_centred
),
win AS (
    -- each event window [ws, we], clipped to the data
    SELECT
        r.pair,
        r.ws,
        r.we,
        count(*) AS n_days,
        count(*) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS wn,
        sum(r.rm) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS wsx,
        sum(r.ret) FILTER (WHERE r.ret IS NOT NULL AND r.rm IS NOT NULL) AS wsy,
        arg_min_null(r.prev_close, r.tau) AS close_before,  -- NULL when the data starts inside the window
        arg_max(r.close, r.tau) AS close_end,
        min(r.date) AS first_date,
        max(r.date) AS last_date,
        count(*) FILTER (WHERE r.missing_before > 0) AS n_gaps,
        arg_min(r.prev_date, r.date) FILTER (WHERE r.missing_before > 0) AS gap_from,
        min(r.date) FILTER (WHERE r.missing_before > 0) AS gap_to,
        sum(r.missing_before) AS sessions_missing
    FROM (SELECT w.*, b.ret AS rm FROM win_rows AS w LEFT JOIN bench AS b ON b.date = w.date) AS r
    GROUP BY r.pair, r.ws, r.we
)
SELECT
    p.launch_id, p.ticker, p.event_date, p.t0, p.market_t0,
    w.ws AS w_start, w.we AS w_end,
    e.n AS n_est,
    e.alpha, e.beta, e.r2,
    sqrt((e.syy - e.sxy ^ 2 / e.sxx_rm) / nullif(e.n - 2, 0)) AS sigma,
    e.mean_rm, e.sxx_rm, e.sigma_market_adjusted, e.sigma_raw,
    s.n_days, s.wn, s.wsx, s.wsy, s.n_gaps, s.gap_from, s.gap_to, s.sessions_missing,
    s.close_before, s.close_end, s.first_date, s.last_date
FROM pairs AS p
CROSS JOIN wins AS w
LEFT JOIN est AS e ON e.pair = p.pair
LEFT JOIN win AS s ON s.pair = p.pair AND s.ws = w.ws AND s.we = w.we;

-- Security and benchmark returns on each security's trading days τ ∈ [tau_min, tau_max].
-- The benchmark return is the one of the same calendar date (NULL where its market was shut).
-- Events whose t0 is more than 10 calendar days after the event date are left out here and
-- reported as missing by event_study.
CREATE OR REPLACE MACRO event_panel(benchmark, use_market_date := TRUE, tau_min := -250, tau_max := 20,
                                    launch_ids := NULL, tickers := NULL) AS TABLE
WITH days AS MATERIALIZED (
    SELECT launch_id, ticker, event_date, t0, t0_td, t0_rid
    FROM event_days(use_market_date := use_market_date, launch_ids := launch_ids, tickers := tickers)
    WHERE near_event(t0, event_date)
),
picked AS MATERIALIZED (  -- the pairs' rows first, then the benchmark (see event_sums)
    SELECT
        e.launch_id, e.ticker, e.event_date, e.t0, e.tau, r.date, r.ret, r.price_return,
        r.close, r.prev_close, r.prev_date, r.missing_before
    FROM daily_returns AS r
    JOIN (SELECT e.*, t.tau FROM days AS e CROSS JOIN range(tau_min, tau_max + 1) AS t(tau)
          WHERE e.t0_rid >= e.t0_td AND e.t0_td > 0) AS e  -- always true (see event_sums)
        ON r.rid = e.t0_rid + e.tau
    WHERE r.td = e.t0_td + e.tau
)
SELECT p.*, b.ret AS rm
FROM picked AS p
LEFT JOIN (SELECT date, ret FROM daily_returns WHERE ticker = benchmark) AS b ON b.date = p.date;

-- Estimation-window fit per launch × security, for all three models.
CREATE OR REPLACE MACRO market_model(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                     launch_ids := NULL, tickers := NULL) AS TABLE
SELECT
    launch_id, ticker, n_est, alpha, beta, r2, sigma, mean_rm, sxx_rm, sigma_market_adjusted, sigma_raw
FROM event_sums(benchmark, use_market_date := use_market_date, est_start := est_start, est_end := est_end,
                launch_ids := launch_ids, tickers := tickers)
WHERE n_est IS NOT NULL;

-- AR_τ for τ ∈ [tau_min, tau_max] under the chosen model; NULL where the fit is flagged.
CREATE OR REPLACE MACRO abnormal_returns(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                         tau_min := -10, tau_max := 20, model := 'market', min_est := 60,
                                         launch_ids := NULL, tickers := NULL) AS TABLE
SELECT
    p.launch_id,
    p.ticker,
    p.event_date,
    p.t0,
    p.tau,
    p.date,
    p.ret,
    p.rm,
    p.price_return,
    p.close,
    p.prev_close,
    p.prev_date,
    p.missing_before,
    CASE
        WHEN coalesce(m.n_est, 0) < min_est OR p.ticker = benchmark THEN NULL
        WHEN model = 'market' THEN p.ret - (m.alpha + m.beta * p.rm)
        WHEN model = 'market_adjusted' THEN p.ret - p.rm
        WHEN model = 'raw' AND p.rm IS NOT NULL THEN p.ret
    END AS ar
FROM event_panel(benchmark, use_market_date := use_market_date, tau_min := tau_min, tau_max := tau_max,
                 launch_ids := launch_ids, tickers := tickers) AS p
LEFT JOIN market_model(benchmark, use_market_date := use_market_date, est_start := est_start, est_end := est_end,
                       launch_ids := launch_ids, tickers := tickers) AS m
    USING (launch_id, ticker);

-- One row per launch × security for the window [win_start, win_end]: the fit, CAR, its
-- standard error and t, the price move and the market value it moved. Status is 'ok',
-- 'flagged' (too short an estimation window) or 'missing' (no data around the event).
-- value_change = shares × (close at the window's last day - close the day before the
-- window's first day); for windows starting at τ = 0 that is the close the day before t0.
-- shares: the share count dated nearest to t0 (shares_date says which). Prices and share
-- counts are both on the basis of the newest split (sql/load/seed_apply_splits.sql), so a
-- share count dated before a split is already multiplied by its ratio.
CREATE OR REPLACE MACRO event_study(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                    win_start := 0, win_end := 0, model := 'market', min_est := 60,
                                    launch_ids := NULL, tickers := NULL, windows := NULL) AS TABLE
WITH es AS MATERIALIZED (
    SELECT * FROM event_sums(benchmark, use_market_date := use_market_date, est_start := est_start,
                             est_end := est_end, win_start := win_start, win_end := win_end,
                             launch_ids := launch_ids, tickers := tickers, windows := windows)
),
shares AS (
    SELECT
        d.launch_id,
        d.ticker,
        arg_min(s.shares, abs(date_diff('day', s.date, d.t0))) AS shares,
        arg_min(s.date, abs(date_diff('day', s.date, d.t0))) AS shares_date
    FROM (SELECT DISTINCT launch_id, ticker, t0 FROM es WHERE t0 IS NOT NULL) AS d
    JOIN shares_outstanding AS s USING (ticker)
    GROUP BY d.launch_id, d.ticker
),
counted AS (
    -- AR is NULL on every day when the fit is flagged (too short, or the benchmark itself)
    SELECT
        *,
        CASE
            WHEN n_days IS NULL THEN NULL
            WHEN coalesce(n_est, 0) < min_est OR ticker = benchmark THEN 0
            WHEN model = 'market' AND (alpha IS NULL OR beta IS NULL) THEN 0
            ELSE wn
        END AS n_event
    FROM es
),
joined AS (
    SELECT
        d.launch_id,
        d.ticker,
        sec.name,
        sec."group",
        sec.currency,
        d.event_date,
        d.t0,
        d.market_t0,
        d.w_start,
        d.w_end,
        d.n_est,
        d.alpha,
        d.beta,
        d.sigma,
        d.r2,
        CASE model
            WHEN 'market' THEN d.sigma
            WHEN 'market_adjusted' THEN d.sigma_market_adjusted
            ELSE d.sigma_raw
        END AS sigma_model,
        d.mean_rm,
        d.sxx_rm,
        d.n_days,
        d.n_event,
        CASE
            WHEN d.n_event IS NULL OR d.n_event = 0 THEN NULL
            WHEN model = 'market' THEN d.wsy - d.n_event * d.alpha - d.beta * d.wsx
            WHEN model = 'market_adjusted' THEN d.wsy - d.wsx
            ELSE d.wsy
        END AS car,
        CASE WHEN d.n_event > 0 THEN d.wsx END AS sum_rm,
        d.close_before,
        d.close_end,
        d.first_date,
        d.last_date,
        d.n_gaps,
        d.gap_from,
        d.gap_to,
        d.sessions_missing,
        sh.shares,
        sh.shares_date
    FROM counted AS d
    JOIN securities AS sec USING (ticker)
    LEFT JOIN shares AS sh USING (launch_id, ticker)
),
scored AS (
    SELECT
        *,
        CASE
            WHEN n_event IS NULL OR n_event = 0 THEN NULL
            WHEN model = 'market'
                THEN sigma ^ 2 * (n_event + n_event ^ 2 / n_est + (sum_rm - n_event * mean_rm) ^ 2 / sxx_rm)
            ELSE sigma_model ^ 2 * n_event
        END AS car_var,
        CASE WHEN model = 'market' THEN n_est - 2 ELSE n_est - 1 END AS df,
        coalesce(t0 > market_t0 OR n_gaps > 0, FALSE) AS gapped,
        CASE
            WHEN t0 IS NULL THEN 'missing'
            WHEN NOT near_event(t0, event_date) THEN 'missing'
            WHEN close_before IS NULL THEN 'missing'
            WHEN t0 > market_t0 OR n_gaps > 0 THEN 'missing'
            WHEN ticker = benchmark THEN 'flagged'
            WHEN n_est IS NULL OR n_est < min_est THEN 'flagged'
            WHEN n_event IS NULL OR n_event = 0 THEN 'missing'
            ELSE 'ok'
        END AS status,
        CASE
            WHEN t0 IS NULL THEN 'no trading day on or after ' || event_date || ' in the data'
            WHEN NOT near_event(t0, event_date)
                THEN 'first trading day after the event is ' || t0 || ', more than 10 days later'
            WHEN close_before IS NULL THEN 'no price before the event window'
            WHEN t0 > market_t0
                THEN 'no price on ' || market_t0 || ', the market''s first session after the event (next bar '
                     || t0 || ')'
            WHEN n_gaps > 0
                THEN 'the window needs ' || sessions_missing || ' session(s) with no price between ' || gap_from
                     || ' and ' || gap_to || ': no return spans a gap'
            WHEN ticker = benchmark THEN 'the benchmark itself: its abnormal return is zero by construction'
            WHEN n_est IS NULL OR n_est < min_est
                THEN 'estimation window has ' || coalesce(n_est, 0) || ' observations (fewer than ' || min_est || ')'
            WHEN n_event IS NULL OR n_event = 0 THEN 'no benchmark return on the event window''s days'
            WHEN n_days < w_end - w_start + 1
                THEN 'window clipped to the data: ' || n_days || ' of ' || (w_end - w_start + 1) || ' days'
            WHEN n_event < n_days
                THEN (n_days - n_event) || ' window day(s) without a benchmark return left out'
        END AS reason
    FROM joined
)
SELECT
    launch_id,
    ticker,
    name,
    "group",
    currency,
    event_date,
    t0,
    benchmark AS benchmark,
    model AS model,
    w_start AS win_start,
    w_end AS win_end,
    first_date AS window_first,
    last_date AS window_last,
    n_est,
    alpha,
    beta,
    CASE WHEN ticker <> benchmark THEN sigma END AS sigma,  -- itself: a residual of rounding, no σ
    r2,
    close_before,
    close_end,
    CASE WHEN NOT gapped THEN close_end / close_before - 1 END AS raw_return,
    CASE WHEN NOT gapped THEN car END AS car,
    CASE WHEN NOT gapped AND ticker <> benchmark THEN sqrt(car_var) END AS car_se,
    CASE WHEN NOT gapped AND ticker <> benchmark THEN car / nullif(sqrt(car_var), 0) END AS t_stat,
    df,
    n_event,
    shares,
    shares_date,
    CASE WHEN NOT gapped THEN shares * (close_end - close_before) END AS value_change,
    CASE WHEN currency = 'USD' AND NOT gapped THEN shares * (close_end - close_before) END AS value_change_usd,
    status,
    reason
FROM scored;

