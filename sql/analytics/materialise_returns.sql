-- Materialise all the returns (sql/analytics/returns.sql) as tables, sorted by ticker and trading-day
-- number so lookups by (ticker, td) and (ticker, date) read few row groups, with the inputs they
-- were computed from. Run at publish by pipelines/analytics.py on a new or upgraded warehouse, and
-- when a run changed the inputs of many securities (update_returns.sql recomputes a few).
CREATE OR REPLACE TABLE market_sessions AS
SELECT * FROM market_sessions_computed ORDER BY calendar, date;

CREATE OR REPLACE TABLE daily_returns AS
SELECT * FROM returns_of() ORDER BY ticker, td;

CREATE OR REPLACE TABLE returns_inputs AS
SELECT * FROM returns_inputs_computed ORDER BY ticker;

-- versions before 5 kept one fingerprint of all the inputs here; returns_inputs replaces it
DELETE FROM warehouse_info WHERE key = 'returns_fingerprint';
