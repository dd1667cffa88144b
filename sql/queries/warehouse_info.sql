-- Build facts for the "data as of" line: origin, seed_as_of, built_at, and the newest price.
SELECT key, value FROM warehouse_info
UNION ALL
SELECT 'latest_price', CAST(max(date) AS VARCHAR) FROM prices;
