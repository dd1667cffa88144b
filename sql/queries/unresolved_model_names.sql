-- Model names that reach no launch (pipelines/model_names.py): none at all first, then those that
-- resolve to a model no launch stands for; with their scores, sources, reason and the rule that
-- would catch them. Shown on the Data page, never dropped.
SELECT
    m.raw, m.base, m.model, m.rule, m.reason, m.suggestion,
    count(*) AS scores,
    string_agg(DISTINCT s.source, '; ' ORDER BY s.source) AS sources
FROM model_names AS m
JOIN benchmark_scores AS s ON s.model = m.raw
WHERE m.launch_id IS NULL
GROUP BY m.raw, m.base, m.model, m.rule, m.reason, m.suggestion
ORDER BY m.model IS NOT NULL, scores DESC, m.raw;
