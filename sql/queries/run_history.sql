-- The latest runs of every source, newest first.
SELECT run_id, source, started_at, finished_at, date_diff('millisecond', started_at, finished_at) / 1000.0 AS seconds,
       status, rows_written, error
FROM pipeline_runs
ORDER BY started_at DESC
LIMIT $limit;
