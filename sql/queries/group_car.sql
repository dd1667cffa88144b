-- Equal-weighted portfolio CAR per launch × group (see analytics/event_study.sql);
-- $launch_ids, $tickers: lists or NULL for all (a portfolio is of the listed members only).
SELECT *
FROM group_car($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
               win_start := $win_start, win_end := $win_end, model := $model,
               launch_ids := $launch_ids, tickers := $tickers)
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
ORDER BY launch_id, "group";
