-- Event-study results for the chosen launches and securities, for each window of $windows (a list of
-- [start, end] pairs): the market model is fitted once per launch × security for all of them
-- (see analytics/event_study.sql). $launch_ids: list or NULL for all; $tickers: list or NULL for all.
SELECT *
FROM event_study($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 model := $model, launch_ids := $launch_ids, tickers := $tickers, windows := $windows)
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($tickers IS NULL OR list_contains($tickers, ticker))
ORDER BY win_start, win_end, launch_id, "group", ticker;
