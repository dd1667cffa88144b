-- How many of the incoming rows are new, and how many change a stored row.
SELECT
    count(*) FILTER (WHERE p.ticker IS NULL) AS new_rows,
    count(*) FILTER (WHERE p.ticker IS NOT NULL) AS updated_rows
FROM incoming AS i
LEFT JOIN prices AS p USING (ticker, date)
WHERE p.ticker IS NULL
   OR (p.open, p.high, p.low, p.close, p.adj_close, p.volume, p.close_adjustment)
      IS DISTINCT FROM (i.open, i.high, i.low, i.close, i.adj_close, i.volume, i.close_adjustment);
