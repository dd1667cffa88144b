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
-- price_return is always the plain close-to-close move, the number a newspaper quotes.
-- td numbers each security's own trading days, so event time τ counts that market's sessions.
CREATE OR REPLACE VIEW daily_returns AS
WITH px AS (
    SELECT
        p.ticker,
        p.date,
        p.close,
        p.close_adjustment,
        coalesce(d.dividend, 0) AS dividend,
        p.adj_close,
        lag(p.close) OVER w AS prev_close,
        lag(p.adj_close) OVER w AS prev_adj_close,
        row_number() OVER w AS td
    FROM prices AS p
    LEFT JOIN dividends AS d USING (ticker, date)
    WINDOW w AS (PARTITION BY p.ticker ORDER BY p.date)
)
SELECT
    ticker,
    date,
    td,
    close,
    prev_close,
    close / prev_close - 1 AS price_return,
    CASE
        WHEN adj_close IS NOT NULL AND prev_adj_close IS NOT NULL THEN adj_close / prev_adj_close - 1
        WHEN close_adjustment = 'split_adjusted_only' THEN (close + dividend) / prev_close - 1
        ELSE close / prev_close - 1
    END AS ret,
    CASE
        WHEN adj_close IS NOT NULL AND prev_adj_close IS NOT NULL THEN 'adj_close'
        WHEN close_adjustment = 'split_adjusted_only' THEN 'close+dividends'
        WHEN close_adjustment = 'index_level' THEN 'close (index level)'
        ELSE 'close (adjusted)'
    END AS return_basis
FROM px;
