-- Earnings dates from Yahoo (frame `incoming`, one row per ticker and date). A date not stored yet
-- is added; one stored from Yahoo is updated where Yahoo changed its time of day; a date from the
-- seed (SEC filings, earnings-call transcripts) is kept as it is. Returns the rows written.
INSERT OR REPLACE INTO earnings
SELECT i.ticker, CAST(i.announce_date AS DATE), CAST(i.time_of_day AS VARCHAR), CAST(i.fiscal_period AS VARCHAR), i.source,
       i.source_url
FROM incoming AS i
LEFT JOIN earnings AS e ON e.ticker = i.ticker AND e.announce_date = CAST(i.announce_date AS DATE)
WHERE e.ticker IS NULL
   OR (e.source = i.source AND e.time_of_day IS DISTINCT FROM CAST(i.time_of_day AS VARCHAR));
