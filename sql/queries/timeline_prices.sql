-- Closes of the chosen securities in [$start, $end], with each series indexed to 100 at its
-- first close in the range. $tickers: list of tickers.
SELECT
    p.ticker,
    s.name,
    s.currency,
    p.date,
    p.close,
    100 * p.close / first_value(p.close) OVER (PARTITION BY p.ticker ORDER BY p.date) AS indexed
FROM prices AS p
JOIN securities AS s USING (ticker)
WHERE list_contains($tickers, p.ticker)
  AND p.date BETWEEN $start AND $end
ORDER BY p.ticker, p.date;
