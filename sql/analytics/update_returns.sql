-- Recompute the returns of the securities in $tickers (returns_changes.sql found them): their rows
-- are replaced, the others' rows stay as they are (a security's rids do not depend on another's
-- rows), and market_sessions and returns_inputs take the values returns_changes.sql computed.
-- The sessions come first: returns_of reads them.
DELETE FROM market_sessions;

INSERT INTO market_sessions
SELECT * FROM sessions_now ORDER BY calendar, date;

DELETE FROM daily_returns WHERE ticker IN (SELECT unnest($tickers));

INSERT INTO daily_returns
SELECT * FROM returns_of(tickers := $tickers) ORDER BY ticker, td;

DELETE FROM returns_inputs;

INSERT INTO returns_inputs
SELECT * FROM inputs_now ORDER BY ticker;
