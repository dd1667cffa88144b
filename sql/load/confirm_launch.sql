-- Promote a candidate launch found by the hub pipeline. $repo_id
UPDATE launches SET confirmed = TRUE
WHERE hf_repo_id = $repo_id AND NOT confirmed
RETURNING launch_id;
