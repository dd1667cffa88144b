-- The confounder flags as results() shows them (reasons joined by '; ', confounded, same-day launch ids)
-- per launch × security for each window of $windows (see analytics/confounders.sql); the lists behind
-- them are in event_flags_windows.sql. $launch_ids, $tickers: lists or NULL for all.
SELECT launch_id, ticker, win_start, win_end, flags, confounded, same_day_launches
FROM event_flags($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 sigma_k := $sigma_k, launch_ids := $launch_ids, tickers := $tickers, windows := $windows);
