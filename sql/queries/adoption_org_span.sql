-- Per tracked organisation with download snapshots: the span of its snapshots (hub_repos).
SELECT organization, min(first_as_of) AS first_as_of, max(last_as_of) AS last_as_of
FROM hub_repos
WHERE tracked
GROUP BY organization
ORDER BY organization;
