-- adoption_car.sql's rows from the fits the last publish kept (kept_abnormal_returns, pipelines/study_cache.py)
-- instead of fitting the market model again: per launch and τ ∈ [$tau_min, $tau_max] the mean AR over
-- $tickers (those without a fit count as missing) and the trading day τ of the first of them by ticker; the
-- caller fits the launches whose event date is not the kept one.
SELECT launch_id, tau, arg_min(date, ticker) AS date, avg(ar) AS ar
FROM kept_abnormal_returns($benchmark, $tau_min, $tau_max, $launch_ids, $tickers)
GROUP BY launch_id, tau
ORDER BY launch_id, tau;
