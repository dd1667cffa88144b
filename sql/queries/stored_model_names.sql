-- Every model name the stored benchmark scores use, as each source writes it.
SELECT DISTINCT model FROM benchmark_scores ORDER BY model;
