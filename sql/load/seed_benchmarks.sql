-- Vendor-reported benchmark tables (data/seed/benchmark_scores.csv). $path.
INSERT INTO benchmark_scores
SELECT model, NULL, benchmark, NULL, CAST(score AS DOUBLE), metric, source, source_url,
       CAST(reported_date AS DATE), NULL
FROM read_csv($path, header = true, all_varchar = true);
