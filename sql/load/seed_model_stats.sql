-- Point-in-time Hub download counts (data/seed/hf_downloads.csv). $path, $source.
-- The source names the publisher (host and first two path parts of source_url), so daily
-- downloads are only ever derived between snapshots of the same publication.
INSERT OR REPLACE INTO model_stats
    (repo_id, as_of, downloads_30d, downloads_all_time, likes, trending_score, source, source_url)
SELECT repo_id, CAST(as_of AS TIMESTAMP), TRY_CAST(NULLIF(downloads_30d, '') AS BIGINT),
       TRY_CAST(NULLIF(downloads_all_time, '') AS BIGINT), TRY_CAST(NULLIF(likes, '') AS BIGINT),
       NULL, $source || ':' || regexp_extract(source_url, '^https?://([^/]+(/[^/]+/[^/]+)?)', 1), source_url
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
