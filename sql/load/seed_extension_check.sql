-- The overlap rows of a seed extension file, compared with the rows already stored for its
-- ticker. $path, $ticker, $volume_tolerance (relative, e.g. 0.01).
-- An overlap row is one dated on or before the ticker's newest stored date. It agrees when
-- open, high, low and close are the same to the cent (|stored - new| <= 0.005: a source quoting
-- 636.065 agrees with 636.07) and the volume is within the tolerance (sources revise early
-- volume figures). One row per disagreeing value (date, field, stored, new) with n_overlap, the
-- overlap rows compared; a single row with a NULL date when all agree. A new row inside the
-- stored span on a date with no stored row is a disagreement too.
WITH incoming AS (
    SELECT *
    FROM read_csv($path, header = true,
         columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                    'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'})
),
overlap AS (
    SELECT i.date, s.date AS stored_date,
           s.open AS s_open, s.high AS s_high, s.low AS s_low, s.close AS s_close, s.volume AS s_volume,
           i.open, i.high, i.low, i.close, i.volume
    FROM incoming AS i
    LEFT JOIN prices AS s ON s.ticker = $ticker AND s.date = i.date
    WHERE i.date <= (SELECT max(date) FROM prices WHERE ticker = $ticker)
),
checks AS (
    SELECT date, 'row' AS field, NULL::DOUBLE AS stored, close AS new FROM overlap WHERE stored_date IS NULL
    UNION ALL SELECT date, 'open', s_open, open FROM overlap WHERE abs(s_open - open) > 0.005 + 1e-9
    UNION ALL SELECT date, 'high', s_high, high FROM overlap WHERE abs(s_high - high) > 0.005 + 1e-9
    UNION ALL SELECT date, 'low', s_low, low FROM overlap WHERE abs(s_low - low) > 0.005 + 1e-9
    UNION ALL SELECT date, 'close', s_close, close FROM overlap WHERE abs(s_close - close) > 0.005 + 1e-9
    UNION ALL SELECT date, 'volume', s_volume, volume FROM overlap
        WHERE abs(s_volume - volume) > $volume_tolerance * greatest(s_volume, 1)
)
SELECT c.date, c.field, c.stored, c.new, (SELECT count(*) FROM overlap) AS n_overlap
FROM (SELECT 1) AS one
LEFT JOIN checks AS c ON TRUE
ORDER BY c.date NULLS FIRST, c.field;
