-- The kept studies now match these inputs.
DELETE FROM study_cache_inputs;

INSERT INTO study_cache_inputs SELECT * FROM study_inputs_now ORDER BY kind, key;
