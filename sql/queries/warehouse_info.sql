-- Build facts for the "data as of" line: origin, seed_as_of, built_at, the newest price, and the
-- newest date most securities have (latest_price_most: the mode of the per-security last dates).
SELECT key, value FROM warehouse_info
UNION ALL
SELECT 'latest_price', CAST(max(date) AS VARCHAR) FROM prices
UNION ALL
SELECT 'latest_price_most', CAST(mode(last_date) AS VARCHAR)
FROM (SELECT ticker, max(date) AS last_date FROM prices GROUP BY ticker);
