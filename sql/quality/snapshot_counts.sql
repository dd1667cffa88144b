-- Row counts before a run, kept in a temporary table (never published) for the gate's shrink check.
CREATE OR REPLACE TEMP TABLE gate_before AS
SELECT 'prices' AS table_name, count(*) AS n FROM prices
UNION ALL SELECT 'launches', count(*) FROM launches
UNION ALL SELECT 'securities', count(*) FROM securities
UNION ALL SELECT 'model_stats', count(*) FROM model_stats
UNION ALL SELECT 'benchmark_scores', count(*) FROM benchmark_scores
UNION ALL SELECT 'shares_outstanding', count(*) FROM shares_outstanding;
