-- What the materialised Hub aggregates were built from: a change in any snapshot's repo, time,
-- source or 30-day count, or in the tracked organisations, changes this value.
SELECT concat_ws(':',
    (SELECT count(*) || '/' || coalesce(sum(hash(repo_id, as_of, source, downloads_30d)), 0) FROM model_stats),
    (SELECT count(*) || '/' || coalesce(sum(hash(hf_org, organization)), 0) FROM hf_orgs)
) AS fingerprint;
