-- data/universe/model_aliases.csv and benchmark_aliases.csv. $models, $benchmarks
DELETE FROM model_aliases;
INSERT INTO model_aliases
SELECT alias, model, NULLIF(hf_repo_id, ''), NULLIF(launch_id, ''), lower("primary") = 'true'
FROM read_csv($models, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
DELETE FROM benchmark_aliases;
INSERT INTO benchmark_aliases
SELECT raw, benchmark, NULLIF(variant, '')
FROM read_csv($benchmarks, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
