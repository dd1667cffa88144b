-- What a publish must recompute of the kept studies. A row (launch × security, any kept window) reads
-- the security's returns and the benchmark's up to its window's last day, the sessions of its market,
-- the first trading day of other launches that may fall in its window, and its security's own row,
-- share counts and earnings dates. So it is recomputed when:
--   its security's row, shares or earnings changed (full_tickers: every launch of those securities);
--   its launch changed, came or went (changed_launches: every security of those launches);
--   an input changed on a date d with d <= last + $horizon days, last its window's last day (or t0):
--   the security's returns (and then also when it has no t0 yet: new bars may give one; a row with a t0
--   but no window end is reached through last = t0, as $horizon spans more than any kept window), the
--   benchmark's returns or its market's sessions;
--   or a changed launch's first trading day for the security (at its old or new date) lies within
--   $horizon days of the row's window.
-- Returns the launches and the securities of the date-bound rows (one rectangle to recompute), their
-- count, the changed launches and the full tickers.
WITH changed_inputs AS (
    SELECT coalesce(n.kind, o.kind) AS kind, coalesce(n.key, o.key) AS key
    FROM study_inputs_now AS n
    FULL JOIN study_cache_inputs AS o ON o.kind = n.kind AND o.key = n.key
    WHERE n.fingerprint IS DISTINCT FROM o.fingerprint
),
full_tickers AS (SELECT DISTINCT key AS ticker FROM changed_inputs WHERE kind <> 'launch'),
changed_launches AS (SELECT DISTINCT key AS launch_id FROM changed_inputs WHERE kind = 'launch'),
launch_dates AS (  -- each changed launch's event date, as it is now and as the kept rows have it
    SELECT DISTINCT coalesce(market_date, date) AS d FROM launches
    WHERE launch_id IN (SELECT launch_id FROM changed_launches)
    UNION
    SELECT DISTINCT event_date FROM study_cache WHERE launch_id IN (SELECT launch_id FROM changed_launches)
),
launch_days AS (  -- their first trading day for each security: where their flags land
    SELECT p.ticker, r.date AS day
    FROM (SELECT l.d, s.ticker FROM launch_dates AS l CROSS JOIN securities AS s) AS p
    ASOF JOIN (SELECT ticker, date FROM daily_returns WHERE date >= (SELECT min(d) FROM launch_dates)) AS r
        ON r.ticker = p.ticker AND r.date >= p.d
),
bench_since AS (SELECT min(since) AS since FROM study_returns_moved WHERE ticker = $benchmark),
reach AS (  -- the earliest day a dated change reaches back to (NULL: none); rows ending $horizon days before it stay
    SELECT min(d) AS d
    FROM (
        SELECT since AS d FROM bench_since
        UNION ALL
        SELECT min(since) FROM study_sessions_moved
        UNION ALL
        SELECT min(day) FROM launch_days
    )
),
candidates AS MATERIALIZED (  -- one scan of the kept rows for the pairs a change may reach: only those are grouped
    SELECT c.launch_id, c.ticker, c.t0, c.window_first, c.window_last
    FROM study_cache AS c
    SEMI JOIN (
        SELECT DISTINCT c.launch_id, c.ticker
        FROM study_cache AS c
        LEFT JOIN study_returns_moved AS m ON m.ticker = c.ticker
        WHERE (m.since IS NOT NULL AND (c.t0 IS NULL OR coalesce(c.window_last, c.t0) + $horizon >= m.since))
           OR coalesce(c.window_last, c.t0) >= (SELECT d FROM reach) - $horizon
    ) AS reached USING (launch_id, ticker)
),
kept AS (
    SELECT c.launch_id, c.ticker, any_value(s.currency) AS calendar, max(c.t0) AS t0,
           coalesce(min(c.window_first), max(c.t0)) AS first, coalesce(max(c.window_last), max(c.t0)) AS last
    FROM candidates AS c
    LEFT JOIN securities AS s USING (ticker)
    GROUP BY c.launch_id, c.ticker
),
pairs AS (
    SELECT k.launch_id, k.ticker
    FROM kept AS k
    LEFT JOIN study_returns_moved AS m ON m.ticker = k.ticker
    LEFT JOIN study_sessions_moved AS sm ON sm.calendar = k.calendar
    WHERE k.ticker NOT IN (SELECT ticker FROM full_tickers)
      AND k.launch_id NOT IN (SELECT launch_id FROM changed_launches)
      AND (
          (m.since IS NOT NULL AND (k.t0 IS NULL OR k.last + $horizon >= m.since))
          OR k.last + $horizon >= (SELECT since FROM bench_since)
          OR k.last + $horizon >= sm.since
          OR EXISTS (SELECT 1 FROM launch_days AS d
                     WHERE d.ticker = k.ticker AND d.day BETWEEN k.first - $horizon AND k.last + $horizon)
      )
)
SELECT
    (SELECT list(DISTINCT launch_id ORDER BY launch_id) FROM pairs) AS launches,
    (SELECT list(DISTINCT ticker ORDER BY ticker) FROM pairs) AS tickers,
    (SELECT count(*) FROM pairs) AS n_pairs,
    (SELECT list(launch_id ORDER BY launch_id) FROM changed_launches) AS changed_launches,
    (SELECT list(ticker ORDER BY ticker) FROM full_tickers) AS full_tickers;
