-- The newest date of a pipeline source's data ($source): what "your data of …" means after a run.
SELECT CAST(CASE $source
    WHEN 'prices' THEN (SELECT max(date) FROM prices)
    WHEN 'hub' THEN (SELECT max(CAST(as_of AS DATE)) FROM model_stats)
    WHEN 'benchmarks' THEN (SELECT max(reported_date) FROM benchmark_scores)
END AS VARCHAR) AS as_of;
