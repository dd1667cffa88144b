-- Every dated score of the chosen benchmarks, with the best score reported so far in its series
-- (benchmark, variant, metric: settings are never merged). A metric's spelling is not a setting: 'Pass@1' and
-- 'pass@1' are one series, named by one spelling (`metric`; the source's own in `reported_metric`). Scores
-- reported on the same day count together (RANGE frame), so the best so far never goes down within a day.
-- A model run several times (Epoch AI's re-runs) counts once: its newest run (is_latest_run).
WITH scored AS (
    SELECT *, lower(coalesce(metric, '')) AS metric_key
    FROM benchmark_results
    WHERE list_contains($benchmarks, benchmark) AND reported_date IS NOT NULL AND is_latest_run
)
SELECT
    benchmark, variant,
    min(metric) OVER (PARTITION BY benchmark, coalesce(variant, ''), metric_key) AS metric,
    metric AS reported_metric,
    model, source_model, launch_id, score, run_id, started_at, source, source_url, reported_date,
    max(score) OVER (PARTITION BY benchmark, coalesce(variant, ''), metric_key ORDER BY reported_date
                     RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS best_so_far
FROM scored
ORDER BY benchmark, variant, metric_key, reported_date, score DESC, model, source, run_id;  -- ties in a fixed order
