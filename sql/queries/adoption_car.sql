-- AR_τ for τ ∈ [$tau_min, $tau_max] of the chosen launches, averaged over the chosen securities
-- (one security, or a group's equal-weighted portfolio; securities without a fit count as
-- missing): the CAR beside the Adoption page's launch curves. Averaged here, so a group of a
-- thousand members × dozens of launches returns one row per launch and day, not a row per member.
-- date: the trading day τ of the first security by ticker (members may trade on other calendars).
SELECT launch_id, tau, arg_min(date, ticker) AS date, avg(ar) AS ar
FROM abnormal_returns($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                      tau_min := $tau_min, tau_max := $tau_max, model := $model,
                      launch_ids := $launch_ids, tickers := $tickers)
WHERE list_contains($launch_ids, launch_id)
  AND list_contains($tickers, ticker)
GROUP BY launch_id, tau
ORDER BY launch_id, tau;
