-- Drop the kept rows of $launch_ids × $tickers (NULL: all) before they are computed again.
DELETE FROM study_cache
WHERE ($launch_ids IS NULL OR list_contains($launch_ids, launch_id))
  AND ($tickers IS NULL OR list_contains($tickers, ticker));
