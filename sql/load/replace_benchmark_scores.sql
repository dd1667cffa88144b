-- Replace what one item of the benchmarks pipeline loaded before (its origin) with `incoming`. $origin
DELETE FROM benchmark_scores WHERE origin = $origin;
INSERT INTO benchmark_scores (
    model, repo_id, benchmark, variant, score, metric, source, source_url, reported_date, as_of, origin, run_id, started_at
)
SELECT model, repo_id, benchmark, variant, score, metric, source, source_url, reported_date, as_of, $origin,
       run_id, started_at
FROM incoming;
