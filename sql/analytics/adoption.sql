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

-- Each repo with a download snapshot: its organisation (through the tracked Hub organisations),
-- how many snapshots and their span. Materialised as hub_repos (analytics/materialise_hub.sql):
-- the Adoption page's filters read it on every visit, and at 100× the snapshots counting them
-- took seconds.
CREATE OR REPLACE VIEW hub_repos_computed AS
SELECT
    s.repo_id,
    coalesce(o.organization, split_part(s.repo_id, '/', 1)) AS organization,
    o.organization IS NOT NULL AS tracked,
    count(*) AS snapshots,
    min(s.as_of) AS first_as_of,
    max(s.as_of) AS last_as_of
FROM model_stats AS s
LEFT JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
GROUP BY ALL;

-- Per tracked repo and week (ending Sunday): its newest snapshot with a 30-day count that week
-- (ties on as_of broken by source). Materialised as hub_weekly: the organisations' weekly shares.
-- An aggregate, not a window: at 2.9 M snapshots row_number() took 18 s, this 2.5 s (same busy machine).
CREATE OR REPLACE VIEW hub_weekly_computed AS
SELECT
    CAST(date_trunc('week', s.as_of) AS DATE) + 6 AS week_end,
    o.organization,
    s.repo_id,
    max(s.as_of) AS as_of,
    arg_min(s.downloads_30d, (-epoch_us(s.as_of), s.source)) AS downloads_30d
FROM model_stats AS s
JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
WHERE s.downloads_30d IS NOT NULL
GROUP BY ALL;
