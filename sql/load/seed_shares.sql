-- Shares implied by the market-cap snapshot (market cap / close on price_date). $path, $source.
INSERT OR REPLACE INTO shares_outstanding
SELECT ticker, CAST(price_date AS DATE), implied_shares, $source
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"')
WHERE implied_shares IS NOT NULL;
