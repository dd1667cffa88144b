-- Model names no alias or repo id maps to a canonical model: listed on the page, never dropped.
SELECT source_model, count(*) AS scores, string_agg(DISTINCT source, '; ') AS sources
FROM benchmark_results
WHERE model IS NULL
GROUP BY source_model
ORDER BY scores DESC;
