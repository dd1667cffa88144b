-- One score per launch on $benchmark: its primary model's, preferring the plain benchmark (no
-- variant), then the earliest report (usually the launch's own table), then the highest setting;
-- a re-run model counts with its newest run.
SELECT
    r.launch_id, l.model AS launch_model, l.organization, l.country, coalesce(l.market_date, l.date) AS event_date,
    l.hf_repo_id, r.model, r.variant, r.metric, r.score, r.source, r.source_url, r.reported_date
FROM benchmark_results AS r
JOIN launches AS l USING (launch_id)
WHERE r.benchmark = $benchmark AND r.is_primary AND r.score <= 100 AND l.confirmed AND r.is_latest_run
QUALIFY row_number() OVER (PARTITION BY r.launch_id
                           ORDER BY r.variant IS NULL DESC, r.reported_date NULLS LAST, r.score DESC) = 1
ORDER BY event_date;
