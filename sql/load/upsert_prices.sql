-- Write only the incoming rows that are new or differ from what is stored: a rerun writes nothing.
INSERT OR REPLACE INTO prices
SELECT i.ticker, i.date, i.open, i.high, i.low, i.close, i.adj_close, i.volume, i.close_adjustment,
       i.source, i.fetched_at
FROM incoming AS i
LEFT JOIN prices AS p USING (ticker, date)
WHERE p.ticker IS NULL
   OR (p.open, p.high, p.low, p.close, p.adj_close, p.volume, p.close_adjustment)
      IS DISTINCT FROM (i.open, i.high, i.low, i.close, i.adj_close, i.volume, i.close_adjustment);
