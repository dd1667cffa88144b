-- Replace the resolved model names with `incoming` (pipelines/model_names.py, resolve_all).
DELETE FROM model_names;
INSERT INTO model_names
SELECT CAST(raw AS VARCHAR), CAST(base AS VARCHAR), CAST(model AS VARCHAR), CAST(hf_repo_id AS VARCHAR),
       CAST(launch_id AS VARCHAR), CAST(is_primary AS BOOLEAN), CAST(variant AS VARCHAR), CAST(rule AS VARCHAR),
       CAST(reason AS VARCHAR), CAST(suggestion AS VARCHAR)
FROM incoming;
