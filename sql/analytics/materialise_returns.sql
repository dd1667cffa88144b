-- Materialise the returns (sql/analytics/returns.sql) as tables, sorted by ticker and trading-day
-- number so lookups by (ticker, td) and (ticker, date) read few row groups. Run at publish by
-- pipelines/analytics.py whenever prices, dividends or securities changed since the last build.
CREATE OR REPLACE TABLE market_sessions AS
SELECT * FROM market_sessions_computed ORDER BY calendar, date;

CREATE OR REPLACE TABLE daily_returns AS
SELECT * FROM daily_returns_computed ORDER BY ticker, td;
