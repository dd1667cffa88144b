-- What the Benchmarks page can offer: canonical benchmarks, models and sources with row counts.
SELECT 'benchmark' AS kind, benchmark AS name, count(*) AS n FROM benchmark_results GROUP BY benchmark
UNION ALL
SELECT 'model', model, count(*) FROM benchmark_results WHERE model IS NOT NULL GROUP BY model
UNION ALL
SELECT 'source', source, count(*) FROM benchmark_results GROUP BY source
ORDER BY kind, n DESC, name;
