-- abnormal_returns.sql's rows (the Launch impact page's paths) from the fits the last publish kept
-- (kept_abnormal_returns): AR_τ and CAR from $tau_min for each of $launch_ids × $tickers (NULL: all).
SELECT
    launch_id, ticker, tau, date, ret, rm, ar,
    sum(ar) OVER (PARTITION BY launch_id, ticker ORDER BY tau ROWS UNBOUNDED PRECEDING) AS car
FROM kept_abnormal_returns($benchmark, $tau_min, $tau_max, $launch_ids, $tickers)
ORDER BY launch_id, ticker, tau;
