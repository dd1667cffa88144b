-- Close-to-close move of each chosen security on each chosen launch's event day t0 (its first
-- trading day on or after the market date, else the release date).
SELECT e.launch_id, l.model, e.event_date, e.ticker, r.date AS t0, r.prev_close, r.close, r.price_return
FROM event_days(use_market_date := TRUE, launch_ids := $launch_ids, tickers := $tickers) AS e
JOIN launches AS l USING (launch_id)
JOIN daily_returns AS r ON r.ticker = e.ticker AND r.date = e.t0
WHERE list_contains($launch_ids, e.launch_id)
  AND list_contains($tickers, e.ticker)
  AND near_event(e.t0, e.event_date)
  AND e.t0 <= e.market_t0  -- a bar on the market's first session after the event, not after a gap
ORDER BY e.event_date, e.launch_id, e.ticker;
