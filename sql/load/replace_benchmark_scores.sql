-- Replace what one item of the benchmarks pipeline loaded before (its origin) with `incoming`. $origin
DELETE FROM benchmark_scores WHERE origin = $origin;
INSERT INTO benchmark_scores
SELECT model, repo_id, benchmark, variant, score, metric, source, source_url, reported_date, as_of, $origin
FROM incoming;
