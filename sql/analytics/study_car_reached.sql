-- After a dated publish rewrote the kept rows (study_moved.sql, study_cache_work.sql): the launches × groups
-- whose kept CAR days (study_group_car.sql, τ ∈ [0, $tau_max] from t0) a changed return reaches although the
-- row behind them was not rewritten: its window ended more than the studies' horizon before the change, but
-- the CAR runs on for $tau_max trading days. A pair is reached when its t0 is at most $tau_max of its
-- security's trading days before the first changed date of the security's returns or of the benchmark's.
-- tau_from: the portfolio's first τ a change reaches, the fewest trading days from a reached member's t0 to its
-- first changed date. Its fits were not rewritten, so its days before tau_from are the same and only those from
-- tau_from on are computed again (a daily run that adds a day reaches the portfolios of the last 42 trading days
-- from the τ of that day, the smallest over their members' calendars). A member whose t0 has no trading day any
-- more counts from 0.
WITH bench AS (SELECT since FROM study_returns_moved WHERE ticker = $benchmark),
moved AS (  -- per security, the first date its own or the benchmark's returns changed, and whether its own did
    SELECT ticker, min(since) AS since, bool_or(own) AS own
    FROM (SELECT ticker, since, TRUE AS own FROM study_returns_moved
          UNION ALL
          SELECT s.ticker, b.since, FALSE FROM securities AS s CROSS JOIN bench AS b)
    GROUP BY ticker
),
since_td AS (  -- that date's trading-day number (one past the last when the change removed its last rows); a
    -- security reached through the benchmark alone, whose rows end before the benchmark's change, has no day
    -- that changed (its data stopped: in the seed, SOXX and two Tokyo and two Hong Kong files end weeks or months
    -- before the others)
    SELECT m.ticker, coalesce(min(r.td) FILTER (WHERE r.date >= m.since), max(r.td) + 1) AS td
    FROM daily_returns AS r
    JOIN moved AS m ON m.ticker = r.ticker
    GROUP BY m.ticker, m.own
    HAVING m.own OR count(*) FILTER (WHERE r.date >= m.since) > 0
),
reach AS (  -- the earliest t0 a change reaches: $tau_max trading days before it (none: the first day)
    SELECT r.ticker, r.date AS t0_from
    FROM daily_returns AS r
    JOIN since_td AS s ON s.ticker = r.ticker AND s.td - $tau_max = r.td
),
reached AS (  -- the kept rows whose CAR days a change reaches, and the trading-day number of that change
    SELECT c.launch_id, c."group", c.ticker, c.t0, s.td AS since
    FROM study_cache AS c
    JOIN since_td AS s ON s.ticker = c.ticker
    LEFT JOIN reach AS m ON m.ticker = c.ticker
    WHERE c.win_start = 0 AND c.win_end = 0 AND near_event(c.t0, c.event_date)  -- a later t0 is in no CAR
      AND (m.t0_from IS NULL OR c.t0 >= m.t0_from)
)
SELECT r.launch_id, r."group", greatest(0, min(coalesce(r.since - d.td, 0))) AS tau_from
FROM daily_returns AS d
RIGHT JOIN reached AS r ON d.ticker = r.ticker AND d.date = r.t0  -- the reached rows hashed, the returns past them
GROUP BY r.launch_id, r."group"
ORDER BY r.launch_id, r."group";
