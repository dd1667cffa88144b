-- The data-quality gate every build passes before it is published: one row per failed check.
-- $max_shrink: the share a table may lose in one run (0.05 = 5 %); $allow_shrink skips that check.
WITH counts AS (
    SELECT 'prices' AS table_name, count(*) AS n FROM prices
    UNION ALL SELECT 'launches', count(*) FROM launches
    UNION ALL SELECT 'securities', count(*) FROM securities
    UNION ALL SELECT 'model_stats', count(*) FROM model_stats
    UNION ALL SELECT 'benchmark_scores', count(*) FROM benchmark_scores
    UNION ALL SELECT 'shares_outstanding', count(*) FROM shares_outstanding
),
-- Duplicates are counted only in a table without its primary key (DuckDB refuses a duplicate key on
-- write): at K=100 counting them in prices and model_stats took most of a publish's time.
keyed AS (
    SELECT table_name
    FROM duckdb_constraints()
    WHERE constraint_type = 'PRIMARY KEY'
      AND (table_name, constraint_column_names) IN
          (('prices', ['ticker', 'date']), ('model_stats', ['repo_id', 'as_of', 'source']))
),
checks AS (
    SELECT 'prices: duplicate (ticker, date)' AS problem,
           (SELECT count(*) FROM (SELECT ticker, date FROM prices
                                  WHERE NOT EXISTS (SELECT 1 FROM keyed WHERE table_name = 'prices')
                                  GROUP BY ALL HAVING count(*) > 1)) AS failures
    UNION ALL SELECT 'prices: null ticker or date',
           (SELECT count(*) FROM prices WHERE ticker IS NULL OR date IS NULL)
    UNION ALL SELECT 'prices: close, open, high or low not positive',
           (SELECT count(*) FROM prices WHERE close <= 0 OR open <= 0 OR high <= 0 OR low <= 0 OR adj_close <= 0)
    UNION ALL SELECT 'prices: ticker not in securities',
           (SELECT count(DISTINCT ticker) FROM prices WHERE ticker NOT IN (SELECT ticker FROM securities))
    UNION ALL SELECT 'launches: duplicate or null launch_id',
           (SELECT count(*) - count(DISTINCT launch_id) + count(*) FILTER (WHERE launch_id IS NULL) FROM launches)
    UNION ALL SELECT 'model_stats: duplicate (repo_id, as_of, source)',
           (SELECT count(*) FROM (SELECT repo_id, as_of, source FROM model_stats
                                  WHERE NOT EXISTS (SELECT 1 FROM keyed WHERE table_name = 'model_stats')
                                  GROUP BY ALL HAVING count(*) > 1))
    UNION ALL SELECT 'model_stats: negative counts',
           (SELECT count(*) FROM model_stats WHERE downloads_30d < 0 OR downloads_all_time < 0 OR likes < 0)
    UNION ALL SELECT 'shares_outstanding: not positive',
           (SELECT count(*) FROM shares_outstanding WHERE shares <= 0)
    UNION ALL SELECT 'benchmark_scores: null model, benchmark or score',
           (SELECT count(*) FROM benchmark_scores WHERE model IS NULL OR benchmark IS NULL OR score IS NULL)
    UNION ALL
    SELECT table_name || ': row count fell from ' || b.n || ' to ' || c.n, 1
    FROM counts AS c
    JOIN gate_before AS b USING (table_name)
    WHERE NOT $allow_shrink AND c.n < b.n * (1 - $max_shrink)
)
SELECT problem, failures FROM checks WHERE failures > 0;
