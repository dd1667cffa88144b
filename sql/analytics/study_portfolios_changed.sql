-- The group portfolios whose kept days or flags a publish must compute again after it recomputed every
-- launch of $tickers (their row, share counts or earnings dates changed; their returns did not, those are
-- dated apart): a portfolio's days change with a member's status, group, t0 or fit, its flags with a
-- member's status, group or reasons. A share count or an earnings date far from every launch changes
-- neither. A fit computed again from the same returns may differ in its last bits (DuckDB sums in parallel):
-- α, β and CAR within 1e-12 are the same fit. Rows: launch_id, group, days (TRUE: its days too), for each portfolio to compute again.
WITH now AS (SELECT * FROM study_cache WHERE list_contains($tickers, ticker)),
pairs AS (
    SELECT coalesce(n.launch_id, o.launch_id) AS launch_id, [n."group", o."group"] AS groups,
           (n.status, n."group", n.t0, n.n_est, n.n_event) IS DISTINCT FROM (o.status, o."group", o.t0, o.n_est, o.n_event)
               OR NOT coalesce(n.alpha IS NOT DISTINCT FROM o.alpha OR abs(n.alpha - o.alpha) <= 1e-12, FALSE)
               OR NOT coalesce(n.beta IS NOT DISTINCT FROM o.beta OR abs(n.beta - o.beta) <= 1e-12, FALSE)
               OR NOT coalesce(n.car IS NOT DISTINCT FROM o.car OR abs(n.car - o.car) <= 1e-12, FALSE) AS days,
           (n.status, n."group", n.flags, n.same_day_launches)
               IS DISTINCT FROM (o.status, o."group", o.flags, o.same_day_launches) AS flags
    FROM now AS n
    FULL JOIN study_rows_before AS o
        ON o.launch_id = n.launch_id AND o.ticker = n.ticker AND o.win_start = n.win_start AND o.win_end = n.win_end
)
SELECT launch_id, "group", bool_or(days) AS days
FROM (SELECT launch_id, unnest(groups) AS "group", days, flags FROM pairs WHERE days OR flags)
WHERE "group" IS NOT NULL
GROUP BY launch_id, "group"
ORDER BY "group", launch_id;
