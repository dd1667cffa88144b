-- Scores of the chosen models on the chosen benchmarks, from one source ($source; NULL: every source).
-- A model run several times on a benchmark shows its newest run (is_latest_run), with its run id.
SELECT model, source_model, benchmark, variant, metric, score, source, source_url, reported_date, launch_id,
       run_id, started_at
FROM benchmark_results
WHERE list_contains($benchmarks, benchmark)
  AND list_contains($models, model)
  AND ($source IS NULL OR source = $source)
  AND is_latest_run
ORDER BY benchmark, model, variant, metric;
