-- What the materialised returns were built from: a change in any price, dividend or a security's
-- calendar (currency) changes this value, and the next publish rebuilds the returns.
SELECT concat_ws(':',
    (SELECT count(*) || '/' || coalesce(sum(hash(ticker, date, close, adj_close, close_adjustment)), 0) FROM prices),
    (SELECT count(*) || '/' || coalesce(sum(hash(ticker, date, dividend)), 0) FROM dividends),
    (SELECT count(*) || '/' || coalesce(sum(hash(ticker, currency)), 0) FROM securities)
) AS fingerprint;
