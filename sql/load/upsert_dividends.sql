-- New or changed dividends only.
INSERT OR REPLACE INTO dividends
SELECT i.ticker, i.date, i.dividend, i.source
FROM incoming AS i
LEFT JOIN dividends AS d USING (ticker, date)
WHERE d.ticker IS NULL OR d.dividend IS DISTINCT FROM i.dividend;
