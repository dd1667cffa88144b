-- What the kept rows of $tickers said before a publish computes them again (every launch: their own inputs
-- changed), as far as their group portfolios read them: study_portfolios_changed.sql compares.
CREATE OR REPLACE TEMP TABLE study_rows_before AS
SELECT launch_id, ticker, "group", win_start, win_end, status, t0, n_est, alpha, beta, n_event, car, flags,
       same_day_launches
FROM study_cache
WHERE list_contains($tickers, ticker);
