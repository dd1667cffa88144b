-- Vendor-reported benchmark tables (data/seed/benchmark_scores.csv), replacing the previous load. $path, $as_of
DELETE FROM benchmark_scores WHERE origin = 'seed';
INSERT INTO benchmark_scores (
    model, repo_id, benchmark, variant, score, metric, source, source_url, reported_date, as_of, origin
)
SELECT model, NULL, benchmark, NULL, CAST(score AS DOUBLE), metric, source, source_url,
       CAST(reported_date AS DATE), $as_of, 'seed'
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
