-- One snapshot row per repo and fetch time; a repeated (repo, as_of, source) is ignored.
INSERT INTO model_stats (repo_id, as_of, downloads_30d, downloads_all_time, likes, trending_score, source, source_url, precision)
SELECT repo_id, as_of, downloads_30d, downloads_all_time, likes, trending_score, source, source_url, 'exact'
FROM incoming
ON CONFLICT DO NOTHING;
