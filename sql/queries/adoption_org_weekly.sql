-- Per week (ending Sunday) and organisation: the sum of its tracked repos' newest 30-day counts
-- seen that week within [$start, $end], and how many repos; the page turns these into each
-- organisation's share of the tracked total.
-- Each repo's newest snapshot of each week is materialised at publish (hub_weekly). It is also
-- the newest within [$start, $end] whenever it falls inside; only where it falls after $end (the
-- week $end cuts short) is the newest on or before $end looked up among that week's snapshots.
WITH kept AS (
    SELECT week_end, organization, repo_id, downloads_30d
    FROM hub_weekly
    WHERE CAST(as_of AS DATE) BETWEEN $start AND $end
),
cut AS (  -- repos whose week of $end has its newest snapshot after $end
    SELECT repo_id, organization, week_end
    FROM hub_weekly
    WHERE week_end = CAST(date_trunc('week', CAST($end AS DATE)) AS DATE) + 6
      AND CAST(as_of AS DATE) > $end
),
recut AS (
    SELECT c.week_end, c.organization, c.repo_id, first(s.downloads_30d ORDER BY s.as_of DESC, s.source) AS downloads_30d
    FROM model_stats AS s
    JOIN cut AS c ON c.repo_id = s.repo_id
    WHERE s.downloads_30d IS NOT NULL
      AND CAST(s.as_of AS DATE) BETWEEN greatest(CAST($start AS DATE), c.week_end - 6) AND $end
    GROUP BY ALL
)
SELECT week_end, organization, CAST(sum(downloads_30d) AS BIGINT) AS downloads_30d, count(*) AS repos
FROM (SELECT * FROM kept UNION ALL SELECT * FROM recut)
GROUP BY ALL
ORDER BY week_end, organization;
