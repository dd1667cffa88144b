-- The kept group portfolios' confounder flags (confounders.add_group_flags of their 'ok' members), per kept
-- window: the rows of $launch_ids × $groups (NULL: all) are dropped before they are written again from
-- `incoming` (pipelines/study_cache.py).
CREATE TABLE IF NOT EXISTS study_group_flags (
    launch_id VARCHAR, "group" VARCHAR, win_start INTEGER, win_end INTEGER,
    flags VARCHAR, confounded BOOLEAN, same_day_launches VARCHAR
);

DELETE FROM study_group_flags
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($groups IS NULL OR list_contains($groups, "group"));
