-- Each repo's latest snapshot, for the chosen organisations (empty list: all), ranked within
-- its organisation by 30-day downloads and by likes.
WITH latest AS (
    SELECT s.*, coalesce(o.organization, split_part(s.repo_id, '/', 1)) AS organization
    FROM model_stats AS s
    LEFT JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
    WHERE len($orgs) = 0 OR list_contains($orgs, o.organization)
    QUALIFY row_number() OVER (PARTITION BY s.repo_id ORDER BY s.as_of DESC) = 1
)
SELECT
    organization, repo_id, as_of, downloads_30d, downloads_all_time, likes, source,
    rank() OVER (PARTITION BY organization ORDER BY downloads_30d DESC NULLS LAST) AS rank_downloads,
    rank() OVER (PARTITION BY organization ORDER BY likes DESC NULLS LAST) AS rank_likes
FROM latest
ORDER BY organization, rank_downloads;
