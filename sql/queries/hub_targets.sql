-- What the hub pipeline fetches: every tracked organisation, and the launches' repos that no
-- tracked organisation covers (fetched one by one).
SELECT 'org' AS kind, hf_org AS item, organization FROM hf_orgs
UNION ALL
SELECT DISTINCT 'repo', l.hf_repo_id, l.organization
FROM launches AS l
WHERE l.hf_repo_id IS NOT NULL
  AND split_part(l.hf_repo_id, '/', 1) NOT IN (SELECT hf_org FROM hf_orgs)
ORDER BY 1, 2;
