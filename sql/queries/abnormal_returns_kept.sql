-- abnormal_returns_tau.sql's rows (the robust tests' units) from the fits the last publish kept
-- (kept_abnormal_returns): AR_τ for τ ∈ [$tau_min, $tau_max] of $launch_ids × $tickers (NULL: all).
SELECT launch_id, ticker, tau, ar
FROM kept_abnormal_returns($benchmark, $tau_min, $tau_max, $launch_ids, $tickers)
ORDER BY launch_id, ticker, tau;
