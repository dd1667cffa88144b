-- The kept default studies (pipelines/study_cache.py): study_cache holds the rows of
-- sql/queries/event_study_flagged.sql at the default settings (its columns are created from that query
-- by the module), study_cache_inputs the fingerprints of what the rows were computed from, per launch
-- and per security, so a publish recomputes only the rows whose inputs changed.
CREATE TABLE IF NOT EXISTS study_cache_inputs (kind VARCHAR, key VARCHAR, fingerprint UBIGINT);
