-- Per organisation and hub snapshot: the summed 30-day and all-time downloads of its repos. Only the
-- hub pipeline's snapshots list a whole organisation at one time, so only they are summed.
SELECT
    coalesce(o.organization, split_part(s.repo_id, '/', 1)) AS organization,
    s.as_of,
    sum(s.downloads_30d) AS downloads_30d,
    sum(s.downloads_all_time) AS downloads_all_time,
    count(*) AS repos
FROM model_stats AS s
LEFT JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
WHERE s.source = 'hub-api'
  AND (len($orgs) = 0 OR list_contains($orgs, o.organization))
  AND CAST(s.as_of AS DATE) BETWEEN $start AND $end
GROUP BY ALL
ORDER BY organization, s.as_of;
