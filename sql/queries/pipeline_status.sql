-- Per source: the last run, the last success, and the last error, for the Data page.
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY source ORDER BY started_at DESC) AS recency
    FROM pipeline_runs
)
SELECT
    source,
    max(started_at) AS last_run,
    any_value(status) FILTER (WHERE recency = 1) AS last_status,
    max(finished_at) FILTER (WHERE status IN ('success', 'partial')) AS last_success,
    arg_max(rows_written, finished_at) FILTER (WHERE status IN ('success', 'partial')) AS rows_last_success,
    arg_max(error, started_at) FILTER (WHERE error IS NOT NULL) AS last_error,
    max(started_at) FILTER (WHERE error IS NOT NULL) AS last_error_at,
    count(*) AS runs
FROM ranked
GROUP BY source
ORDER BY source;
