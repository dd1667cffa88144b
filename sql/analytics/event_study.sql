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
-- benchmark itself, is flagged and its model-based numbers are left NULL; one without data
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

-- t0 per launch × security (NULL t0: no trading day on or after the event in the data), and
-- market_t0, the first session of the security's market on or after the event: a t0 later than
-- market_t0 means the security has no bar on a day its market traded.
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
with_t0 AS (
    SELECT ev.launch_id, ev.ticker, ev.calendar, ev.event_date, r.date AS t0, r.td AS t0_td
    FROM ev
    ASOF LEFT JOIN (
        SELECT ticker, date, td
        FROM daily_returns
        WHERE (tickers IS NULL OR list_contains(tickers, ticker))
          AND date >= (SELECT min(event_date) FROM ev)
    ) AS r
        ON ev.ticker = r.ticker AND ev.event_date <= r.date
)
SELECT e.launch_id, e.ticker, e.event_date, e.t0, e.t0_td, m.date AS market_t0
FROM with_t0 AS e
ASOF LEFT JOIN market_sessions AS m
    ON e.calendar = m.calendar AND e.event_date <= m.date;

-- Per launch × security: the estimation-window fit (all three models) and the sums over the event
-- window [win_start, win_end]. Events whose t0 is more than 10 calendar days after the event date
-- get neither (event_study reports them as missing). The window is clipped to the data.
CREATE OR REPLACE MACRO event_sums(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                   win_start := 0, win_end := 0, launch_ids := NULL, tickers := NULL) AS TABLE
WITH days AS MATERIALIZED (
    SELECT * FROM event_days(use_market_date := use_market_date, launch_ids := launch_ids, tickers := tickers)
),
pairs AS (
    SELECT *, row_number() OVER () AS pair, t0 IS NOT NULL AND t0 <= event_date + INTERVAL 10 DAY AS in_panel
    FROM days
),
est AS (
    -- the estimation window: OLS of ret on rm over τ ∈ [est_start, est_end]
    SELECT
        p.pair,
        count(*) AS est_rows,
        -- regr_count is unsigned: cast before any subtraction (n < 2 would wrap around, not go negative)
        CAST(regr_count(r.ret, b.ret) AS BIGINT) AS n,
        regr_intercept(r.ret, b.ret) AS alpha,
        regr_slope(r.ret, b.ret) AS beta,
        regr_r2(r.ret, b.ret) AS r2,
        regr_syy(r.ret, b.ret) AS syy,
        regr_sxy(r.ret, b.ret) AS sxy,
        regr_avgx(r.ret, b.ret) AS mean_rm,
        regr_sxx(r.ret, b.ret) AS sxx_rm,
        stddev_samp(r.ret - b.ret) AS sigma_market_adjusted,
        stddev_samp(r.ret) FILTER (WHERE b.ret IS NOT NULL) AS sigma_raw
    FROM pairs AS p
    CROSS JOIN range(est_start, est_end + 1) AS t(tau)
    JOIN daily_returns AS r ON r.ticker = p.ticker AND r.td = p.t0_td + t.tau
    LEFT JOIN daily_returns AS b ON b.ticker = benchmark AND b.date = r.date
    WHERE p.in_panel
    GROUP BY p.pair
),
win AS (
    -- the event window [win_start, win_end], clipped to the data
    SELECT
        p.pair,
        count(*) AS n_days,
        count(*) FILTER (WHERE r.ret IS NOT NULL AND b.ret IS NOT NULL) AS wn,
        sum(b.ret) FILTER (WHERE r.ret IS NOT NULL AND b.ret IS NOT NULL) AS wsx,
        sum(r.ret) FILTER (WHERE r.ret IS NOT NULL AND b.ret IS NOT NULL) AS wsy,
        arg_min_null(r.prev_close, t.tau) AS close_before,  -- NULL when the data starts inside the window
        arg_max(r.close, t.tau) AS close_end,
        min(r.date) AS first_date,
        max(r.date) AS last_date,
        count(*) FILTER (WHERE r.missing_before > 0) AS n_gaps,
        arg_min(r.prev_date, r.date) FILTER (WHERE r.missing_before > 0) AS gap_from,
        min(r.date) FILTER (WHERE r.missing_before > 0) AS gap_to,
        sum(r.missing_before) AS sessions_missing
    FROM pairs AS p
    CROSS JOIN range(win_start, win_end + 1) AS t(tau)
    JOIN daily_returns AS r ON r.ticker = p.ticker AND r.td = p.t0_td + t.tau
    LEFT JOIN daily_returns AS b ON b.ticker = benchmark AND b.date = r.date
    WHERE p.in_panel
    GROUP BY p.pair
)
SELECT
    p.launch_id, p.ticker, p.event_date, p.t0, p.market_t0,
    e.n AS n_est,
    e.alpha, e.beta, e.r2,
    sqrt((e.syy - e.sxy ^ 2 / e.sxx_rm) / nullif(e.n - 2, 0)) AS sigma,
    e.mean_rm, e.sxx_rm, e.sigma_market_adjusted, e.sigma_raw,
    w.n_days, w.wn, w.wsx, w.wsy, w.n_gaps, w.gap_from, w.gap_to, w.sessions_missing,
    w.close_before, w.close_end, w.first_date, w.last_date
FROM pairs AS p
LEFT JOIN est AS e USING (pair)
LEFT JOIN win AS w USING (pair);

-- Security and benchmark returns on each security's trading days τ ∈ [tau_min, tau_max].
-- The benchmark return is the one of the same calendar date (NULL where its market was shut).
-- Events whose t0 is more than 10 calendar days after the event date are left out here and
-- reported as missing by event_study.
CREATE OR REPLACE MACRO event_panel(benchmark, use_market_date := TRUE, tau_min := -250, tau_max := 20,
                                    launch_ids := NULL, tickers := NULL) AS TABLE
SELECT
    e.launch_id,
    e.ticker,
    e.event_date,
    e.t0,
    t.tau,
    r.date,
    r.ret,
    r.price_return,
    r.close,
    r.prev_close,
    r.prev_date,
    r.missing_before,
    b.ret AS rm
FROM event_days(use_market_date := use_market_date, launch_ids := launch_ids, tickers := tickers) AS e
CROSS JOIN range(tau_min, tau_max + 1) AS t(tau)
JOIN daily_returns AS r
    ON r.ticker = e.ticker AND r.td = e.t0_td + t.tau
LEFT JOIN daily_returns AS b
    ON b.ticker = benchmark AND b.date = r.date
WHERE e.t0 <= e.event_date + INTERVAL 10 DAY;

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
                                    launch_ids := NULL, tickers := NULL) AS TABLE
WITH es AS MATERIALIZED (
    SELECT * FROM event_sums(benchmark, use_market_date := use_market_date, est_start := est_start,
                             est_end := est_end, win_start := win_start, win_end := win_end,
                             launch_ids := launch_ids, tickers := tickers)
),
days AS (
    SELECT launch_id, ticker, event_date, t0, market_t0 FROM es
),
fit AS (
    SELECT launch_id, ticker, n_est, alpha, beta, r2, sigma, mean_rm, sxx_rm, sigma_market_adjusted, sigma_raw
    FROM es
    WHERE n_est IS NOT NULL
),
win AS (
    -- AR is NULL on every day when the fit is flagged (too short, or the benchmark itself)
    SELECT
        launch_id,
        ticker,
        n_days,
        n_event,
        CASE
            WHEN n_event = 0 THEN NULL
            WHEN model = 'market' THEN wsy - n_event * alpha - beta * wsx
            WHEN model = 'market_adjusted' THEN wsy - wsx
            ELSE wsy
        END AS car,
        CASE WHEN n_event > 0 THEN wsx END AS sum_rm,
        close_before,
        close_end,
        first_date,
        last_date,
        n_gaps,
        gap_from,
        gap_to,
        sessions_missing
    FROM (
        SELECT
            *,
            CASE
                WHEN coalesce(n_est, 0) < min_est OR ticker = benchmark THEN 0
                WHEN model = 'market' AND (alpha IS NULL OR beta IS NULL) THEN 0
                ELSE wn
            END AS n_event
        FROM es
        WHERE n_days IS NOT NULL
    )
),
shares AS (
    SELECT
        d.launch_id,
        d.ticker,
        arg_min(s.shares, abs(date_diff('day', s.date, d.t0))) AS shares,
        arg_min(s.date, abs(date_diff('day', s.date, d.t0))) AS shares_date
    FROM days AS d
    JOIN shares_outstanding AS s USING (ticker)
    WHERE d.t0 IS NOT NULL
    GROUP BY d.launch_id, d.ticker
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
        f.n_est,
        f.alpha,
        f.beta,
        f.sigma,
        f.r2,
        CASE model
            WHEN 'market' THEN f.sigma
            WHEN 'market_adjusted' THEN f.sigma_market_adjusted
            ELSE f.sigma_raw
        END AS sigma_model,
        f.mean_rm,
        f.sxx_rm,
        w.n_days,
        w.n_event,
        w.car,
        w.sum_rm,
        w.close_before,
        w.close_end,
        w.first_date,
        w.last_date,
        w.n_gaps,
        w.gap_from,
        w.gap_to,
        w.sessions_missing,
        sh.shares,
        sh.shares_date
    FROM days AS d
    JOIN securities AS sec USING (ticker)
    LEFT JOIN fit AS f USING (launch_id, ticker)
    LEFT JOIN win AS w USING (launch_id, ticker)
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
            WHEN t0 > event_date + INTERVAL 10 DAY THEN 'missing'
            WHEN close_before IS NULL THEN 'missing'
            WHEN t0 > market_t0 OR n_gaps > 0 THEN 'missing'
            WHEN ticker = benchmark THEN 'flagged'
            WHEN n_est IS NULL OR n_est < min_est THEN 'flagged'
            WHEN n_event IS NULL OR n_event = 0 THEN 'missing'
            ELSE 'ok'
        END AS status,
        CASE
            WHEN t0 IS NULL THEN 'no trading day on or after ' || event_date || ' in the data'
            WHEN t0 > event_date + INTERVAL 10 DAY
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
            WHEN n_days < win_end - win_start + 1
                THEN 'window clipped to the data: ' || n_days || ' of ' || (win_end - win_start + 1) || ' days'
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
    win_start,
    win_end,
    first_date AS window_first,
    last_date AS window_last,
    n_est,
    alpha,
    beta,
    sigma,
    r2,
    close_before,
    close_end,
    CASE WHEN NOT gapped THEN close_end / close_before - 1 END AS raw_return,
    CASE WHEN NOT gapped THEN car END AS car,
    CASE WHEN NOT gapped THEN sqrt(car_var) END AS car_se,
    CASE WHEN NOT gapped THEN car / nullif(sqrt(car_var), 0) END AS t_stat,
    df,
    n_event,
    shares,
    shares_date,
    CASE WHEN NOT gapped THEN shares * (close_end - close_before) END AS value_change,
    CASE WHEN currency = 'USD' AND NOT gapped THEN shares * (close_end - close_before) END AS value_change_usd,
    status,
    reason
FROM scored;

-- Equal-weighted portfolio CAR per launch × group, so one shared event date does not count
-- as many independent observations. Members: the group's securities whose fit is 'ok'.
-- Test (Brown & Warner 1985, "crude dependence adjustment"): the portfolio's AR series over the
-- estimation window gives σ_p; t = CAR_p / (σ_p · √L2), L1 - 1 degrees of freedom.
CREATE OR REPLACE MACRO group_car(benchmark, use_market_date := TRUE, est_start := -250, est_end := -11,
                                  win_start := 0, win_end := 0, model := 'market', min_est := 60,
                                  launch_ids := NULL, tickers := NULL) AS TABLE
WITH members AS (
    SELECT launch_id, ticker, "group"
    FROM event_study(benchmark, use_market_date := use_market_date, est_start := est_start, est_end := est_end,
                     win_start := win_start, win_end := win_end, model := model, min_est := min_est,
                     launch_ids := launch_ids, tickers := tickers)
    WHERE status = 'ok'
),
ar AS (
    SELECT m.launch_id, m."group", a.tau, avg(a.ar) AS ar, count(a.ar) AS n_members
    FROM abnormal_returns(benchmark, use_market_date := use_market_date, est_start := est_start, est_end := est_end,
                          tau_min := least(est_start, win_start), tau_max := greatest(est_end, win_end),
                          model := model, min_est := min_est, launch_ids := launch_ids, tickers := tickers) AS a
    JOIN members AS m USING (launch_id, ticker)
    GROUP BY m.launch_id, m."group", a.tau
),
stats AS (
    SELECT
        launch_id,
        "group",
        stddev_samp(ar) FILTER (WHERE tau BETWEEN est_start AND est_end) AS sigma_p,
        CAST(count(ar) FILTER (WHERE tau BETWEEN est_start AND est_end) AS BIGINT) AS n_est,
        sum(ar) FILTER (WHERE tau BETWEEN win_start AND win_end) AS car,
        count(ar) FILTER (WHERE tau BETWEEN win_start AND win_end) AS n_event,
        max(n_members) AS n_members
    FROM ar
    GROUP BY launch_id, "group"
)
SELECT
    launch_id,
    "group",
    n_members,
    n_est,
    n_event,
    car,
    sigma_p,
    car / nullif(sigma_p * sqrt(n_event), 0) AS t_stat,
    n_est - 1 AS df
FROM stats;
