-- Before a publish recomputes returns: a hash of each row of the securities in $tickers (NULL: all) and
-- the market sessions, to tell afterwards from which date each security's returns changed.
CREATE OR REPLACE TEMP TABLE study_returns_before AS
SELECT ticker, date, hash(td, close, prev_close, prev_date, missing_before, price_return, ret, return_basis) AS h
FROM daily_returns
WHERE $tickers IS NULL OR list_contains($tickers, ticker);

CREATE OR REPLACE TEMP TABLE study_sessions_before AS
SELECT * FROM market_sessions;
