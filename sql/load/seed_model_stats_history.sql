-- Real snapshots of the Hub's 30-day download count (data/seed/hf_history/hf_download_history.csv,
-- described in its SOURCES.md). $path, $source. Each row keeps its precision (exact or
-- rounded_display) and its source URL; the source names the publishing repository, so a
-- series is never stitched across publications.
INSERT OR REPLACE INTO model_stats
    (repo_id, as_of, downloads_30d, downloads_all_time, likes, trending_score, source, source_url, precision)
SELECT repo_id, CAST(CAST(as_of AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP),
       TRY_CAST(NULLIF(downloads_30d, '') AS BIGINT), TRY_CAST(NULLIF(downloads_all_time, '') AS BIGINT),
       TRY_CAST(NULLIF(likes, '') AS BIGINT), NULL,
       $source || ':' || regexp_extract(source_url, '^https?://([^/]+(/[^/]+/[^/]+)?)', 1), source_url, precision
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
