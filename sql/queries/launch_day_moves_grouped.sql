-- The launch-day moves table with launches that share an event day grouped: one row per security
-- × t0, naming every chosen launch whose t0 it is (see launch_day_moves.sql for the rules).
SELECT
    e.ticker,
    r.date AS t0,
    list(e.launch_id ORDER BY e.event_date, e.launch_id) AS launch_ids,
    list(l.model ORDER BY e.event_date, e.launch_id) AS models,
    min(e.event_date) AS first_event_date,
    max(e.event_date) AS last_event_date,
    count(*) AS n_launches,
    any_value(r.prev_close) AS prev_close,
    any_value(r.close) AS close,
    any_value(r.price_return) AS price_return
FROM event_days(use_market_date := TRUE, launch_ids := $launch_ids, tickers := $tickers) AS e
JOIN launches AS l USING (launch_id)
JOIN daily_returns AS r ON r.ticker = e.ticker AND r.date = e.t0
WHERE list_contains($launch_ids, e.launch_id)
  AND list_contains($tickers, e.ticker)
  AND near_event(e.t0, e.event_date)
  AND e.t0 <= e.market_t0
GROUP BY e.ticker, r.date
ORDER BY r.date, e.ticker;
