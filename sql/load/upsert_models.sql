-- Repo metadata from a Hub snapshot: insert new repos, refresh known ones.
INSERT OR REPLACE INTO models
SELECT repo_id, organization, created_at, pipeline_tag, library, license, params, last_modified, tags, hf_org
FROM incoming;
