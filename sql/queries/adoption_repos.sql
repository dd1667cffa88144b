-- Repos with at least one download snapshot, with their organisation (through the tracked Hub
-- organisations) and how many snapshots exist: the Adoption page's model filter.
SELECT
    s.repo_id,
    coalesce(o.organization, split_part(s.repo_id, '/', 1)) AS organization,
    o.organization IS NOT NULL AS tracked,
    count(*) AS snapshots,
    min(s.as_of) AS first_as_of,
    max(s.as_of) AS last_as_of
FROM model_stats AS s
LEFT JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
GROUP BY ALL
ORDER BY tracked DESC, snapshots DESC, s.repo_id;
