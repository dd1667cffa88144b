-- Scores of the chosen models on the chosen benchmarks, from one source ($source; NULL: every source).
SELECT model, source_model, benchmark, variant, metric, score, source, source_url, reported_date, launch_id
FROM benchmark_results
WHERE list_contains($benchmarks, benchmark)
  AND list_contains($models, model)
  AND ($source IS NULL OR source = $source)
ORDER BY benchmark, model, variant, metric;
