-- Candidate launches: repos of tracked organisations created since $since whose 30-day downloads
-- in the snapshot at $as_of reach $threshold, not yet a launch. They stay unconfirmed (hidden from
-- the market pages) until `python -m pipelines confirm-launch REPO_ID`.
INSERT INTO launches
SELECT
    'hf-' || trim(regexp_replace(lower(m.repo_id), '[^a-z0-9]+', '-', 'g'), '-') AS launch_id,
    CAST(m.created_at AS DATE),
    NULL,
    split_part(m.repo_id, '/', 2),
    o.organization,
    o.country,
    m.repo_id,
    TRUE,
    'hf_release',
    'https://huggingface.co/' || m.repo_id,
    'found by the hub pipeline: ' || s.downloads_30d || ' downloads in 30 days at ' || strftime(s.as_of, '%Y-%m-%d %H:%M UTC'),
    FALSE
FROM models AS m
JOIN hf_orgs AS o ON o.hf_org = m.hf_org
JOIN model_stats AS s ON s.repo_id = m.repo_id AND s.as_of = $as_of
WHERE m.created_at >= $since
  AND s.downloads_30d >= $threshold
  AND m.repo_id NOT IN (SELECT hf_repo_id FROM launches WHERE hf_repo_id IS NOT NULL)
ON CONFLICT DO NOTHING;
