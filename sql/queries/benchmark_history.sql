-- Every dated score of the chosen benchmarks, with the best score reported so far in its series
-- (benchmark, variant, metric: settings are never merged). A model run several times (Epoch AI's
-- re-runs) counts once: its newest run (is_latest_run).
SELECT
    benchmark, variant, metric, model, source_model, launch_id, score, run_id, started_at, source, source_url, reported_date,
    max(score) OVER (PARTITION BY benchmark, coalesce(variant, ''), coalesce(metric, '') ORDER BY reported_date
                     ROWS UNBOUNDED PRECEDING) AS best_so_far
FROM benchmark_results
WHERE list_contains($benchmarks, benchmark) AND reported_date IS NOT NULL AND is_latest_run
ORDER BY benchmark, variant, metric, reported_date, score DESC;
