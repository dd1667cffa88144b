-- Build facts for the data's status line: origin, seed_as_of, built_at, the newest price, the newest date
-- most securities have (latest_price_most: the mode of the per-security last dates), and the newest download
-- snapshot of a tracked Hub repository (latest_downloads; the Hub's snapshots run on after the prices).
SELECT key, value FROM warehouse_info
UNION ALL
SELECT 'latest_price', CAST(max(date) AS VARCHAR) FROM prices
UNION ALL
SELECT 'latest_price_most', CAST(mode(last_date) AS VARCHAR)
FROM (SELECT ticker, max(date) AS last_date FROM prices GROUP BY ticker)
UNION ALL
SELECT 'latest_downloads', CAST(CAST(max(last_as_of) AS DATE) AS VARCHAR) FROM hub_repos WHERE tracked;
