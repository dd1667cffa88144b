-- The seed's earnings announcement dates (data/seed/earnings_dates.csv; see data/seed/README.md).
-- $path, $source
INSERT OR REPLACE INTO earnings
SELECT ticker, CAST(announce_date AS DATE), NULLIF(time_of_day, ''), NULLIF(fiscal_period, ''), $source,
       NULLIF(source_url, '')
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
