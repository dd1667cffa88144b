-- Each launch repo's latest stored download counts (any source), for the Benchmarks scatter.
SELECT l.launch_id, s.downloads_30d, s.downloads_all_time, s.as_of, s.source, s.source_url
FROM launches AS l
JOIN model_stats AS s ON s.repo_id = l.hf_repo_id
QUALIFY row_number() OVER (PARTITION BY l.launch_id ORDER BY s.as_of DESC) = 1;
