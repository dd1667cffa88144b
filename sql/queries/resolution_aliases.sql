-- The alias table, for model-name resolution (pipelines/model_names.py).
SELECT alias, model, hf_repo_id, launch_id, is_primary FROM model_aliases ORDER BY alias;
