-- Confounder flags per launch × security for the chosen window (see analytics/confounders.sql).
-- $launch_ids, $tickers: lists or NULL for all.
SELECT *
FROM event_flags($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 win_start := $win_start, win_end := $win_end, sigma_k := $sigma_k,
                 launch_ids := $launch_ids, tickers := $tickers)
ORDER BY launch_id, ticker;
