-- Confirmed launches with their own model names and repos, for model-name resolution.
SELECT launch_id, date, model, hf_repo_id FROM launches WHERE confirmed ORDER BY date, launch_id;
