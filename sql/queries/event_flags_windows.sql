-- Confounder flags per launch × security for each window of $windows (a list of [start, end] pairs;
-- see analytics/confounders.sql). $launch_ids, $tickers: lists or NULL for all.
SELECT *
FROM event_flags($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 sigma_k := $sigma_k, launch_ids := $launch_ids, tickers := $tickers, windows := $windows)
ORDER BY win_start, win_end, launch_id, ticker;
