-- The kept group CARs' days (pipelines/study_cache.py): mean_ar_kept.sql's rows for whole groups (each group's
-- mean AR over its members with a kept fit per τ ∈ [0, $tau_max] from t0, and the date of τ for its first
-- member by ticker), the Adoption page's CAR beside the launch curves, for every launch × group of the kept
-- studies. `members` is the number of securities in the group, so a reader can tell that a caller's securities
-- are the whole group. $pairs (a list of {launch_id, group, tau_from}; NULL: all from τ 0) says which to compute
-- again from which τ on: those rows are dropped, then inserted anew (a portfolio whose fits were not rewritten
-- keeps its days before the first one a changed return reaches, study_car_reached.sql), in one pass however many
-- groups they span (a pass per group read the kept studies and hashed the returns once each: a K=100 daily
-- publish's seven groups took 3.8–4.0 s that way, 2.5 s in one pass). Run with the joins as written: the pairs × τ
-- stream past a hash table of the returns.
CREATE TABLE IF NOT EXISTS study_group_car (
    launch_id VARCHAR, "group" VARCHAR, tau BIGINT, date DATE, ar DOUBLE, members BIGINT
);

DELETE FROM study_group_car AS c
WHERE $pairs IS NULL
   OR EXISTS (
       SELECT 1
       FROM (SELECT unnest(coalesce($pairs, [])::STRUCT(launch_id VARCHAR, "group" VARCHAR, tau_from BIGINT)[],
                           recursive := true)) AS p
       WHERE p.launch_id = c.launch_id AND p."group" = c."group" AND c.tau >= p.tau_from
   );

INSERT INTO study_group_car
WITH chosen AS (  -- the portfolios asked for, once each, with their first τ to compute (NULL: every kept one)
    SELECT launch_id, "group", min(tau_from) AS tau_from
    FROM (
        SELECT launch_id, "group", 0 AS tau_from
        FROM study_cache WHERE $pairs IS NULL AND win_start = 0 AND win_end = 0
        UNION ALL
        SELECT launch_id, "group", tau_from
        FROM (SELECT unnest(coalesce($pairs, [])::STRUCT(launch_id VARCHAR, "group" VARCHAR, tau_from BIGINT)[],
                            recursive := true))
    )
    GROUP BY launch_id, "group"
),
rows AS (  -- every security of each chosen portfolio at the window the fits are read from
    SELECT s.launch_id, s.ticker, s."group", s.t0, s.alpha, s.beta, s.n_est, s.event_date, c.tau_from
    FROM study_cache AS s
    JOIN chosen AS c ON c.launch_id = s.launch_id AND c."group" = s."group"
    WHERE s.win_start = 0 AND s.win_end = 0
),
portfolios AS (  -- one number per portfolio: the days are summed by it
    SELECT launch_id, "group", count(*) AS members, row_number() OVER () AS pid
    FROM rows
    GROUP BY launch_id, "group"
),
starts AS (  -- each fitted member's portfolio number, t0 row number and trading-day number (kept_abnormal_returns)
    SELECT p.pid, p.ticker, p.alpha, p.beta, p.n_est, p.tau_from, r.rid AS t0_rid, r.td AS t0_td
    FROM daily_returns AS r
    JOIN (SELECT f.*, p.pid FROM rows AS f
          JOIN portfolios AS p ON p.launch_id = f.launch_id AND p."group" = f."group"
          WHERE near_event(f.t0, f.event_date)) AS p
        ON r.ticker = p.ticker AND r.date = p.t0
),
days AS (
    SELECT s.pid, s.tau, arg_min(r.date, s.ticker) AS date,
           avg(CASE WHEN coalesce(s.n_est, 0) < 60 OR s.ticker = $benchmark THEN NULL
                    ELSE r.ret - (s.alpha + s.beta * b.ret) END) AS ar
    FROM (SELECT s.*, unnest(range(s.tau_from, $tau_max + 1)) AS tau FROM starts AS s) AS s
    JOIN daily_returns AS r ON r.rid = s.t0_rid + s.tau
    LEFT JOIN (SELECT date, ret FROM daily_returns WHERE ticker = $benchmark) AS b ON b.date = r.date
    WHERE r.td = s.t0_td + s.tau
    GROUP BY s.pid, s.tau
)
SELECT p.launch_id, p."group", d.tau, d.date, d.ar, p.members
FROM days AS d
JOIN portfolios AS p ON p.pid = d.pid;
