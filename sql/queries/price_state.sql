-- Per ticker: the newest stored date, and whether any stored row has a basis other than what
-- the yfinance pipeline fetches ($basis: the seed's closes, or rows an older version labelled
-- differently), which triggers a full refetch.
SELECT ticker, max(date) AS last_date, bool_or(close_adjustment <> $basis) AS foreign_basis
FROM prices
GROUP BY ticker;
