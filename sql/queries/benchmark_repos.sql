-- Hub repos the benchmarks pipeline reads evaluation results for: every launch's repo and
-- every repo of the model alias table.
SELECT DISTINCT hf_repo_id FROM launches WHERE hf_repo_id IS NOT NULL
UNION
SELECT DISTINCT hf_repo_id FROM model_aliases WHERE hf_repo_id IS NOT NULL
ORDER BY 1;
