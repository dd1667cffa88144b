-- Repos with at least one download snapshot, with their organisation (through the tracked Hub
-- organisations) and how many snapshots exist: the Adoption page's model filter. Read from
-- hub_repos, materialised at publish (analytics/adoption.sql).
SELECT repo_id, organization, tracked, snapshots, first_as_of, last_as_of
FROM hub_repos
ORDER BY tracked DESC, snapshots DESC, repo_id;
