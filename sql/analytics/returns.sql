-- Daily simple returns, one row per ticker × trading day.
--
-- Which column a security's return comes from, and why (return_basis):
--   adj_close              the source gave a split+dividend adjusted close (ASML, SMH):
--                          R = adj_close_t / adj_close_{t-1} - 1
--   close+dividends        the source's close is split-adjusted (not the print before a split) and the cash
--                          dividends are known (most US names, Korea): a total return
--                          R = (close_t + dividend_t) / close_{t-1} - 1, dividend on its ex-date
--   close (adjusted)       the source already adjusted close for splits and dividends
--                          (SOXX, BIDU, Hong Kong, Japan): R = close_t / close_{t-1} - 1
--   close (index level)    an index has no dividends to add (^GSPC)
--   price return (dividends unknown)
--                          actual prints whose source gave no adjusted close and no dividends
--                          (close_adjustment 'actual_no_dividends', the seed's 2026-06…08
--                          extension): R = close_t / close_{t-1} - 1, an ex-dividend day shows
--                          the dividend as a price drop. So does the first row of a new basis
--                          after an adj_close series (no adjusted close to compare with).
-- Splits: stored prices are on the basis of the newest split (the seed applies its splits on
-- load, Yahoo's history comes that way), so a split day is an ordinary return.
-- price_return is always the plain close-to-close move, the number a newspaper quotes.
-- td numbers each security's own trading days, so event time τ counts that market's sessions; rid
-- = the security's number in ticker order · 2^20 + td, so a security's trading days are consecutive
-- rids and no two securities share one (a security's rids do not depend on another's row count, so
-- a publish recomputes only the securities whose inputs changed).
--
-- Gaps: no return spans a missing session. A security's market sessions are the dates on which
-- any security of its calendar (its listing currency: USD → US exchanges, HKD → HKEX,
-- KRW → KRX, JPY → TSE) has a bar; missing_before counts the sessions between a bar and the
-- security's previous bar. Where it is above zero, ret and price_return are NULL and
-- return_basis says why (Korea's holidays are not US sessions, so they are no gap for Korea).
--
-- Materialised: market_sessions_computed and returns_of define the numbers; the tables
-- market_sessions and daily_returns that every query reads are built from them at publish
-- (sql/analytics/materialise_returns.sql, update_returns.sql, pipelines/analytics.py), for the
-- securities whose inputs changed (returns_inputs_computed). So no query recomputes the window
-- functions, and a study's cost does not grow with the whole price history.
CREATE OR REPLACE VIEW market_sessions_computed AS
SELECT calendar, date, row_number() OVER (PARTITION BY calendar ORDER BY date) AS session
FROM (
    SELECT DISTINCT s.currency AS calendar, p.date
    FROM prices AS p
    JOIN securities AS s USING (ticker)
);

-- returns_of reads the materialised sessions (so one security's rows need not recount every
-- calendar's dates); the table exists, empty, until the first materialisation fills it.
CREATE TABLE IF NOT EXISTS market_sessions (calendar VARCHAR, date DATE, session BIGINT);

-- What a security's returns are computed from, one row per security: its number in ticker order
-- (the block of its rids), its calendar, its last bar, and a fingerprint of its prices and
-- dividends. A security whose row differs from the one stored at the last build (returns_inputs)
-- has its returns recomputed.
CREATE OR REPLACE VIEW returns_inputs_computed AS
SELECT
    s.ticker,
    row_number() OVER (ORDER BY s.ticker) AS number,
    s.currency AS calendar,
    p.last_date,
    concat_ws(':',
        coalesce(p.n, 0) || '/' || coalesce(p.h, 0),
        coalesce(d.n, 0) || '/' || coalesce(d.h, 0)
    ) AS fingerprint
FROM securities AS s
LEFT JOIN (
    SELECT ticker, count(*) AS n, sum(hash(date, close, adj_close, close_adjustment)) AS h, max(date) AS last_date
    FROM prices GROUP BY ticker
) AS p USING (ticker)
LEFT JOIN (
    SELECT ticker, count(*) AS n, sum(hash(date, dividend)) AS h FROM dividends GROUP BY ticker
) AS d USING (ticker);

-- The returns of the securities asked for (tickers: a list, NULL for all).
CREATE OR REPLACE MACRO returns_of(tickers := NULL) AS TABLE
WITH chosen AS (
    SELECT ticker, currency, row_number() OVER (ORDER BY ticker) AS number
    FROM securities
    QUALIFY tickers IS NULL OR list_contains(tickers, ticker)
),
px AS (
    SELECT
        p.ticker,
        s.number,
        p.date,
        p.close,
        p.close_adjustment,
        coalesce(d.dividend, 0) AS dividend,
        p.adj_close,
        lag(p.close) OVER w AS prev_close,
        lag(p.adj_close) OVER w AS prev_adj_close,
        lag(p.date) OVER w AS prev_date,
        m.session - lag(m.session) OVER w - 1 AS missing_before,
        row_number() OVER w AS td
    FROM prices AS p
    JOIN chosen AS s USING (ticker)
    JOIN market_sessions AS m ON m.calendar = s.currency AND m.date = p.date
    LEFT JOIN dividends AS d ON d.ticker = p.ticker AND d.date = p.date
    WINDOW w AS (PARTITION BY p.ticker ORDER BY p.date)
)
SELECT
    ticker,
    date,
    td,
    close,
    prev_close,
    prev_date,
    coalesce(missing_before, 0) AS missing_before,
    CASE WHEN missing_before > 0 THEN NULL ELSE close / prev_close - 1 END AS price_return,
    CASE
        WHEN missing_before > 0 THEN NULL
        WHEN adj_close IS NOT NULL AND prev_adj_close IS NOT NULL THEN adj_close / prev_adj_close - 1
        WHEN close_adjustment = 'split_adjusted_only' THEN (close + dividend) / prev_close - 1
        ELSE close / prev_close - 1
    END AS ret,
    CASE
        WHEN missing_before > 0
            THEN 'none: ' || missing_before || ' session(s) missing since ' || prev_date
        WHEN adj_close IS NOT NULL AND prev_adj_close IS NOT NULL THEN 'adj_close'
        WHEN close_adjustment = 'split_adjusted_only' THEN 'close+dividends'
        WHEN close_adjustment = 'index_level' THEN 'close (index level)'
        WHEN close_adjustment IN ('actual_no_dividends', 'actual_with_adj_close')
            THEN 'price return (dividends unknown)'
        ELSE 'close (adjusted)'
    END AS return_basis,
    -- the event study finds the row τ days from t0 by one integer key (rid = t0's rid + τ, td checked):
    -- a security's rids are a block of its own (2^20 trading days, four thousand years), so they are
    -- consecutive within it and never another's, whatever the other securities' row counts
    CAST(number * 1048576 + td AS BIGINT) AS rid
FROM px;

-- All returns, as the table daily_returns holds them (tests compare the two).
CREATE OR REPLACE VIEW daily_returns_computed AS
SELECT * FROM returns_of();
