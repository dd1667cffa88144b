-- AR_τ for each chosen launch × security (the robust tests' units): abnormal_returns.sql without the
-- date, the returns and the running CAR, whose window function costs more than the rest over the
-- estimation window's hundreds of days per security.
SELECT launch_id, ticker, tau, ar
FROM abnormal_returns($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                      tau_min := $tau_min, tau_max := $tau_max, model := $model,
                      launch_ids := $launch_ids, tickers := $tickers)
WHERE list_contains($launch_ids, launch_id)
  AND ($tickers IS NULL OR list_contains($tickers, ticker))
ORDER BY launch_id, ticker, tau;
