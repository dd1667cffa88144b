-- Materialise the Hub aggregates (sql/analytics/adoption.sql) as tables, in the order the pages
-- read them. Run at publish by pipelines/analytics.py whenever the snapshots or the tracked
-- organisations changed since the last build.
CREATE OR REPLACE TABLE hub_repos AS
SELECT * FROM hub_repos_computed ORDER BY tracked DESC, snapshots DESC, repo_id;

CREATE OR REPLACE TABLE hub_weekly AS
SELECT * FROM hub_weekly_computed ORDER BY week_end, organization, repo_id;
