-- Per ticker: the newest stored date, and whether any stored row has a basis other than what
-- the yfinance pipeline fetches (the seed's adjusted closes), which triggers a full refetch.
SELECT ticker, max(date) AS last_date, bool_or(close_adjustment <> 'actual_with_adj_close') AS foreign_basis
FROM prices
GROUP BY ticker;
