-- Repos of the chosen organisations created in [$start, $end] (from the hub pipeline's `models`),
-- with their latest 30-day downloads (looked up for those repos only).
WITH created AS (
    SELECT repo_id, organization, created_at, pipeline_tag, params
    FROM models
    WHERE (len($orgs) = 0 OR list_contains($orgs, organization))
      AND CAST(created_at AS DATE) BETWEEN $start AND $end
),
latest AS (
    SELECT repo_id, first(downloads_30d ORDER BY as_of DESC) AS downloads_30d
    FROM model_stats
    WHERE repo_id IN (SELECT repo_id FROM created)
    GROUP BY repo_id
)
SELECT c.repo_id, c.organization, c.created_at, c.pipeline_tag, c.params, l.downloads_30d
FROM created AS c
LEFT JOIN latest AS l USING (repo_id)
ORDER BY c.created_at;
