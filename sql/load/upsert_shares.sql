-- New or changed share counts only (one per ticker and date, deduplicated before loading).
INSERT OR REPLACE INTO shares_outstanding
SELECT i.ticker, i.date, i.shares, i.source
FROM incoming AS i
LEFT JOIN shares_outstanding AS s USING (ticker, date)
WHERE s.ticker IS NULL OR s.shares IS DISTINCT FROM i.shares;
