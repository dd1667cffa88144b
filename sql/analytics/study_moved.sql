-- After the returns were recomputed: per security of $tickers (those study_returns_before.sql hashed),
-- the first date whose row differs (added, removed or changed), and per calendar the first date whose
-- session differs.
CREATE OR REPLACE TEMP TABLE study_returns_moved AS
SELECT coalesce(n.ticker, o.ticker) AS ticker, min(coalesce(n.date, o.date)) AS since
FROM (
    SELECT ticker, date, hash(td, close, prev_close, prev_date, missing_before, price_return, ret, return_basis) AS h
    FROM daily_returns
    WHERE $tickers IS NULL OR list_contains($tickers, ticker)
) AS n
FULL JOIN study_returns_before AS o ON o.ticker = n.ticker AND o.date = n.date
WHERE n.h IS DISTINCT FROM o.h
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE study_sessions_moved AS
SELECT coalesce(n.calendar, o.calendar) AS calendar, min(coalesce(n.date, o.date)) AS since
FROM market_sessions AS n
FULL JOIN study_sessions_before AS o ON o.calendar = n.calendar AND o.date = n.date
WHERE n.session IS DISTINCT FROM o.session
GROUP BY ALL;
