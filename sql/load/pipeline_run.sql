-- One row per run of a source. $run_id, $source, $started_at, $finished_at, $status, $rows_written, $error
INSERT OR REPLACE INTO pipeline_runs
VALUES ($run_id, $source, $started_at, $finished_at, $status, $rows_written, $error);
