-- Event-study results for the chosen launches and securities (see analytics/event_study.sql).
-- $launch_ids: list or NULL for all; $tickers: list or NULL for all.
SELECT *
FROM event_study($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 win_start := $win_start, win_end := $win_end, model := $model,
                 launch_ids := $launch_ids, tickers := $tickers)
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($tickers IS NULL OR list_contains($tickers, ticker))
ORDER BY launch_id, "group", ticker;
