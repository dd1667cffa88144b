-- Where each chosen security's prices come from, with a link, for the sources of a report.
SELECT
    ticker,
    source,
    any_value(close_adjustment) AS close_adjustment,
    min(date) AS first_date,
    max(date) AS last_date,
    CASE
        WHEN source LIKE 'seed:%@%'
            THEN 'https://github.com/' || split_part(split_part(source, ':', 2), '@', 1) || '/tree/'
                 || split_part(source, '@', 2)
        WHEN source = 'yfinance' THEN 'https://finance.yahoo.com/quote/' || ticker
    END AS source_url
FROM prices
WHERE list_contains($tickers, ticker)
GROUP BY ticker, source
ORDER BY ticker, first_date;
