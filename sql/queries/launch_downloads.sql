-- Each launch repo's newest stored download count ($metric: downloads_30d or downloads_all_time) at or
-- before $as_of (NULL: the newest of all), any source, for the Benchmarks scatter.
WITH counts AS (
    SELECT
        l.launch_id,
        CASE WHEN $metric = 'downloads_all_time' THEN s.downloads_all_time ELSE s.downloads_30d END AS downloads,
        s.as_of,
        s.source,
        s.source_url
    FROM launches AS l
    JOIN model_stats AS s ON s.repo_id = l.hf_repo_id
    WHERE $as_of IS NULL OR CAST(s.as_of AS DATE) <= $as_of
)
SELECT launch_id, downloads, as_of, source, source_url
FROM counts
WHERE downloads IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY launch_id ORDER BY as_of DESC, source) = 1;
