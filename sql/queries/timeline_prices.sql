-- Closes of the chosen securities in [$start, $end], with each series indexed to 100 at its
-- first close in the range. $tickers: list of tickers. Closes are on the basis of the newest
-- split, so an index compares pre- and post-split days. missing_before > 0 marks a bar after a
-- gap of missing sessions (the chart breaks its line there rather than bridge the gap).
SELECT
    p.ticker,
    s.name,
    s.currency,
    p.date,
    p.close,
    100 * p.close / first_value(p.close) OVER (PARTITION BY p.ticker ORDER BY p.date) AS indexed,
    coalesce(r.missing_before, 0) AS missing_before
FROM prices AS p
JOIN securities AS s USING (ticker)
LEFT JOIN daily_returns AS r ON r.ticker = p.ticker AND r.date = p.date
WHERE list_contains($tickers, p.ticker)
  AND p.date BETWEEN $start AND $end
ORDER BY p.ticker, p.date;
