-- Every dated score of the chosen benchmarks, with the best score reported so far in its series
-- (benchmark, variant, metric: settings are never merged).
SELECT
    benchmark, variant, metric, model, source_model, score, source, source_url, reported_date,
    max(score) OVER (PARTITION BY benchmark, coalesce(variant, ''), coalesce(metric, '') ORDER BY reported_date
                     ROWS UNBOUNDED PRECEDING) AS best_so_far
FROM benchmark_results
WHERE list_contains($benchmarks, benchmark) AND reported_date IS NOT NULL
ORDER BY benchmark, variant, metric, reported_date, score DESC;
