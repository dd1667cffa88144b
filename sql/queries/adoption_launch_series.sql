-- The 30-day download snapshots of each launch's Hugging Face repo (launches.hf_repo_id), in
-- calendar days since the release date, for the launches of the chosen organisations (empty: all).
SELECT
    l.launch_id,
    l.model,
    l.organization,
    l.date AS release_date,
    l.hf_repo_id AS repo_id,
    s.as_of,
    date_diff('day', l.date, CAST(s.as_of AS DATE)) AS day,
    s.downloads_30d,
    -- precision as people read it: exact, rounded (a display value read back: rounded_display), not stated
    CASE s.precision WHEN 'rounded_display' THEN 'rounded' ELSE coalesce(s.precision, 'not stated') END AS precision,
    s.source
FROM launches AS l
JOIN model_stats AS s ON s.repo_id = l.hf_repo_id
WHERE s.downloads_30d IS NOT NULL
  AND (len($orgs) = 0 OR list_contains($orgs, l.organization))
ORDER BY l.date, l.launch_id, s.as_of;
