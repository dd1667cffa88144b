-- Keep benchmark_results_computed (sql/analytics/benchmarks.sql) as the table the pages read. Run at every
-- publish by pipelines/analytics.py: its inputs (scores, model names, aliases, launches) are small, and
-- any run may change one of them.
CREATE OR REPLACE TABLE benchmark_results AS
SELECT * FROM benchmark_results_computed;
