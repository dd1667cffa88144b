-- Repos of the chosen organisations created in [$start, $end] (from the hub pipeline's `models`),
-- with their latest 30-day downloads.
SELECT
    m.repo_id, m.organization, m.created_at, m.pipeline_tag, m.params,
    (SELECT s.downloads_30d FROM model_stats AS s WHERE s.repo_id = m.repo_id ORDER BY s.as_of DESC LIMIT 1)
        AS downloads_30d
FROM models AS m
WHERE (len($orgs) = 0 OR list_contains($orgs, m.organization))
  AND CAST(m.created_at AS DATE) BETWEEN $start AND $end
ORDER BY m.created_at;
