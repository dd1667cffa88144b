-- Before a full refetch: remove a ticker's rows of another basis from $start on. $ticker, $start, $basis.
DELETE FROM prices
WHERE ticker = $ticker AND date >= $start AND close_adjustment <> $basis;
