-- Daily downloads from consecutive all-time totals of the same repo and source (never from
-- differences of the rolling 30-day count, whose windows overlap). An interval longer than
-- 1.5 days gives one average per day over the whole interval and is flagged as a gap; a
-- total that went down (a counter correction) gives no number and is flagged.
CREATE OR REPLACE VIEW daily_downloads AS
WITH s AS (
    SELECT
        repo_id,
        source,
        as_of,
        downloads_all_time,
        lag(downloads_all_time) OVER w AS prev_total,
        lag(as_of) OVER w AS prev_as_of
    FROM model_stats
    WHERE downloads_all_time IS NOT NULL
    WINDOW w AS (PARTITION BY repo_id, source ORDER BY as_of)
),
intervals AS (
    SELECT *, date_diff('second', prev_as_of, as_of) / 86400.0 AS days
    FROM s
    WHERE prev_as_of IS NOT NULL
)
SELECT
    repo_id,
    source,
    prev_as_of AS interval_start,
    as_of AS interval_end,
    days,
    downloads_all_time - prev_total AS downloads,
    CASE WHEN downloads_all_time >= prev_total THEN (downloads_all_time - prev_total) / days END AS per_day,
    CASE
        WHEN downloads_all_time < prev_total THEN 'all-time total went down: no number'
        WHEN days > 1.5 THEN 'gap of ' || round(days, 1) || ' days: average per day'
    END AS flag
FROM intervals;
