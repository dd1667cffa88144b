-- The kept group portfolios' days (pipelines/study_cache.py): group_ar.sql's rows (each group's mean AR of
-- its 'ok' members per τ, and how many had one) for every launch × group of the kept studies, at each kept
-- window, over τ ∈ [$tau_min, the window's end], from the kept fits (kept_abnormal_returns' arithmetic).
-- `members` is the number of 'ok' members behind the rows, so a reader can tell that a caller's members are
-- the whole group. $launch_ids and $groups (NULL: all) say which portfolios to compute again: their rows
-- are dropped, then inserted anew. Run with the joins as written: the pairs × τ stream past a hash table of
-- the returns, so memory stays that table's whatever the number of member-days (740 M at K=100).
CREATE TABLE IF NOT EXISTS study_group_days (
    launch_id VARCHAR, "group" VARCHAR, win_start INTEGER, win_end INTEGER, tau BIGINT,
    mean DOUBLE, "count" BIGINT, members BIGINT
);

DELETE FROM study_group_days
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($groups IS NULL OR list_contains($groups, "group"));

INSERT INTO study_group_days
WITH members AS (  -- each pair 'ok' at some kept window: its group, the windows it is 'ok' at, its fit
    SELECT ok.launch_id, ok.ticker, ok."group", ok.windows, c.alpha, c.beta, c.t0
    FROM (
        SELECT launch_id, ticker, any_value("group") AS "group",
               list({'win_start': win_start, 'win_end': win_end} ORDER BY win_start, win_end) AS windows
        FROM study_cache
        WHERE status = 'ok'
          AND ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
          AND ($groups IS NULL OR list_contains($groups, "group"))
        GROUP BY launch_id, ticker
    ) AS ok
    JOIN study_cache AS c ON c.launch_id = ok.launch_id AND c.ticker = ok.ticker
    WHERE c.win_start = 0 AND c.win_end = 0  -- the fit does not depend on the window
),
portfolios AS (  -- one number per portfolio and pattern of windows: the days are summed by it
    SELECT launch_id, "group", windows, row_number() OVER () AS pid
    FROM (SELECT DISTINCT launch_id, "group", windows FROM members)
),
starts AS (  -- each member's portfolio number, t0 row number and trading-day number
    SELECT p.pid, p.alpha, p.beta, r.rid AS t0_rid, r.td AS t0_td,
           list_max([w.win_end FOR w IN p.windows]) AS last_end
    FROM daily_returns AS r
    JOIN (SELECT m.*, p.pid FROM members AS m
          JOIN portfolios AS p ON p.launch_id = m.launch_id AND p."group" = m."group" AND p.windows = m.windows) AS p
        ON r.ticker = p.ticker AND r.date = p.t0
),
days AS (  -- summed per portfolio, pattern and τ: the members' days never leave this query
    SELECT s.pid, s.tau, sum(r.ret - (s.alpha + s.beta * b.ret)) AS total,
           count(r.ret - (s.alpha + s.beta * b.ret)) AS n
    FROM (SELECT s.*, t.tau FROM starts AS s, range($tau_min, s.last_end + 1) AS t(tau)) AS s
    JOIN daily_returns AS r ON r.rid = s.t0_rid + s.tau
    LEFT JOIN (SELECT date, ret FROM daily_returns WHERE ticker = $benchmark) AS b ON b.date = r.date
    WHERE r.td = s.t0_td + s.tau
    GROUP BY s.pid, s.tau
),
held AS (  -- each pattern's windows, with one number per portfolio and window
    SELECT pid, launch_id, "group", w.win_start, w.win_end,
           dense_rank() OVER (ORDER BY launch_id, "group", w.win_start, w.win_end) AS wid
    FROM (SELECT pid, launch_id, "group", unnest(windows) AS w FROM portfolios)
),
counted AS (  -- each portfolio's members at each window
    SELECT h.wid, any_value(h.launch_id) AS launch_id, any_value(h."group") AS "group",
           any_value(h.win_start) AS win_start, any_value(h.win_end) AS win_end, count(*) AS members
    FROM members AS m
    JOIN portfolios AS p ON p.launch_id = m.launch_id AND p."group" = m."group" AND p.windows = m.windows
    JOIN held AS h ON h.pid = p.pid
    GROUP BY h.wid
)
SELECT c.launch_id, c."group", c.win_start, c.win_end, d.tau, d.mean, d."count", c.members
FROM (
    SELECT h.wid, d.tau, CASE WHEN sum(d.n) > 0 THEN sum(d.total) / sum(d.n) END AS mean,
           sum(d.n)::BIGINT AS "count"
    FROM days AS d
    JOIN held AS h ON h.pid = d.pid
    WHERE d.tau <= h.win_end
    GROUP BY h.wid, d.tau
) AS d
JOIN counted AS c ON c.wid = d.wid;
