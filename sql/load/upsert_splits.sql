-- New or changed splits only.
INSERT OR REPLACE INTO splits
SELECT i.ticker, i.date, i.ratio, i.source
FROM incoming AS i
LEFT JOIN splits AS s USING (ticker, date)
WHERE s.ticker IS NULL OR s.ratio IS DISTINCT FROM i.ratio;
