-- Per week (ending Sunday) and tracked repo: its newest 30-day count seen that week, with the
-- repo's organisation; the page sums these into each organisation's share of the tracked total.
WITH snapshots AS (
    SELECT
        s.repo_id,
        o.organization,
        CAST(date_trunc('week', s.as_of) AS DATE) + 6 AS week_end,
        s.as_of,
        s.downloads_30d
    FROM model_stats AS s
    JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
    WHERE s.downloads_30d IS NOT NULL
      AND CAST(s.as_of AS DATE) BETWEEN $start AND $end
)
SELECT week_end, organization, repo_id, downloads_30d
FROM snapshots
QUALIFY row_number() OVER (PARTITION BY repo_id, week_end ORDER BY as_of DESC) = 1
ORDER BY week_end, organization, repo_id;
