-- The groups $tickers belong to now and belonged to when their kept rows were computed: the group
-- portfolios a publish that recomputes those securities' rows computes again (pipelines/study_cache.py).
SELECT "group" FROM securities WHERE list_contains($tickers, ticker) AND "group" IS NOT NULL
UNION
SELECT DISTINCT "group" FROM study_cache WHERE list_contains($tickers, ticker) AND "group" IS NOT NULL
ORDER BY 1;
