-- Launches found by the hub pipeline and not confirmed yet.
SELECT launch_id, date, model, organization, hf_repo_id, note
FROM launches
WHERE NOT confirmed
ORDER BY date DESC;
