-- event_study_windows.sql with the confounder flags of each row (flags, confounded, same_day_launches;
-- see analytics/confounders.sql) in one query: the flags take the estimation window's day count from
-- the study (its n_est: the same days with both returns) instead of reading those days again, and put
-- the thin-window note first among their data notes, as event_flags does when it counts them itself.
-- $launch_ids, $tickers: lists or NULL for all.
SELECT
    s.*,
    CASE WHEN f.launch_id IS NOT NULL THEN flag_text(
        f.confounder_reasons,
        f.earnings_known,
        list_concat(
            list_filter([thin_estimation_note(s.ticker, $benchmark, s.n_est,
                                              $est_start, $est_end)], lambda x: x IS NOT NULL),
            f.data_notes
        )
    ) END AS flags,
    f.confounded,
    f.same_day_launches
FROM event_study($benchmark, use_market_date := $use_market_date, est_start := $est_start, est_end := $est_end,
                 model := $model, launch_ids := $launch_ids, tickers := $tickers, windows := $windows) AS s
LEFT JOIN event_flags($benchmark, use_market_date := $use_market_date, est_start := $est_start,
                      est_end := $est_end, sigma_k := $sigma_k, launch_ids := $launch_ids, tickers := $tickers,
                      windows := $windows, count_est := FALSE) AS f
    ON f.launch_id = s.launch_id AND f.ticker = s.ticker AND f.win_start = s.win_start AND f.win_end = s.win_end
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, s.launch_id))
  AND ($tickers IS NULL OR list_contains($tickers, s.ticker))
ORDER BY s.win_start, s.win_end, s.launch_id, s."group", s.ticker;
