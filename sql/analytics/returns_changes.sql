-- Which securities' returns a publish must recompute: those whose inputs (returns_inputs_computed:
-- number, calendar, prices, dividends) differ from the ones the stored returns were built from, and
-- those whose market gained or lost a session on or before their last bar (a session inserted
-- before a bar renumbers the sessions after it, and so the gaps, missing_before, counted from them).
-- A calendar's sessions before the first date that differs keep their numbers, so a security
-- with no bar from that date on is unchanged. Leaves the new sessions and inputs in temporary
-- tables for update_returns.sql; returns the securities (ticker) and the number of securities.
CREATE OR REPLACE TEMP TABLE sessions_now AS
SELECT * FROM market_sessions_computed;

CREATE OR REPLACE TEMP TABLE inputs_now AS
SELECT * FROM returns_inputs_computed;

WITH moved AS (  -- per calendar, the first date whose session differs
    SELECT coalesce(n.calendar, o.calendar) AS calendar, min(coalesce(n.date, o.date)) AS since
    FROM sessions_now AS n
    FULL JOIN market_sessions AS o ON o.calendar = n.calendar AND o.date = n.date
    WHERE n.session IS DISTINCT FROM o.session
    GROUP BY ALL
),
changed AS (
    SELECT coalesce(n.ticker, o.ticker) AS ticker
    FROM inputs_now AS n
    FULL JOIN returns_inputs AS o ON o.ticker = n.ticker
    WHERE (n.number, n.calendar, n.fingerprint) IS DISTINCT FROM (o.number, o.calendar, o.fingerprint)
    UNION
    SELECT n.ticker
    FROM inputs_now AS n
    JOIN moved AS m ON m.calendar = n.calendar
    WHERE n.last_date >= m.since
)
SELECT list(ticker ORDER BY ticker) AS tickers, (SELECT count(*) FROM inputs_now) AS securities
FROM changed;
