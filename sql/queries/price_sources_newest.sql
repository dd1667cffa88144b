-- The newest price date per source (for "data as of"): one row per source, newest first.
SELECT source, max(date) AS last_date, count(DISTINCT ticker) AS securities
FROM prices
GROUP BY source
ORDER BY last_date DESC, source;
