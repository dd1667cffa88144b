-- AR_τ and CAR from τ_min to τ for each chosen launch × security (the paths on the Launch impact page).
SELECT
    launch_id, ticker, tau, date, ret, rm, ar,
    sum(ar) OVER (PARTITION BY launch_id, ticker ORDER BY tau ROWS UNBOUNDED PRECEDING) AS car
FROM abnormal_returns($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                      tau_min := $tau_min, tau_max := $tau_max, model := $model,
                      launch_ids := $launch_ids, tickers := $tickers)
WHERE list_contains($launch_ids, launch_id)
  AND ($tickers IS NULL OR list_contains($tickers, ticker))
ORDER BY launch_id, ticker, tau;
