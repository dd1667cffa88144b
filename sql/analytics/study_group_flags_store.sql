-- Append the group portfolios' flags computed from their members (`incoming`, pipelines/study_cache.py).
INSERT INTO study_group_flags
SELECT launch_id, "group", win_start, win_end, flags, confounded, same_day_launches FROM incoming;
