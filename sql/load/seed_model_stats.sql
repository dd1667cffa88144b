-- Point-in-time Hub download counts (data/seed/hf_downloads.csv). $path, $source.
INSERT OR REPLACE INTO model_stats
SELECT repo_id, CAST(as_of AS TIMESTAMP), TRY_CAST(NULLIF(downloads_30d, '') AS BIGINT),
       TRY_CAST(NULLIF(downloads_all_time, '') AS BIGINT), TRY_CAST(NULLIF(likes, '') AS BIGINT),
       NULL, $source, source_url
FROM read_csv($path, header = true, all_varchar = true);
