-- The model filter's choices: tracked repos with snapshots of the organisations $orgs, launch repos
-- first (named after their first launch by date), then the longest series; at most $limit of
-- them, plus the repos already chosen ($models) wherever they rank. From hub_repos (materialised).
WITH launch AS (
    SELECT hf_repo_id AS repo_id, first(model ORDER BY date, launch_id) AS launch
    FROM launches
    WHERE hf_repo_id IS NOT NULL
    GROUP BY hf_repo_id
),
ranked AS (
    SELECT r.*, l.launch,
           row_number() OVER (ORDER BY l.launch IS NOT NULL DESC, r.snapshots DESC, r.repo_id) AS position
    FROM hub_repos AS r
    LEFT JOIN launch AS l USING (repo_id)
    WHERE r.tracked AND list_contains($orgs, r.organization)
)
SELECT repo_id, organization, tracked, snapshots, first_as_of, last_as_of, launch
FROM ranked
WHERE position <= $limit OR list_contains($models, repo_id)
ORDER BY position;
