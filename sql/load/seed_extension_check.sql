-- The overlap rows of seed extension files (at most one per ticker), compared with the rows already
-- stored for their tickers, all files in one read. $paths: the files; $files: one struct per file
-- {path, ticker, ...}; $volume_tolerance (relative, e.g. 0.01).
-- An overlap row is one dated on or before the ticker's newest stored date. It agrees when
-- open, high, low and close are the same to the cent (|stored - new| <= 0.005: a source quoting
-- 636.065 agrees with 636.07) and the volume is within the tolerance (sources revise early
-- volume figures). One row per file and disagreeing value (path, date, field, stored, new) with
-- n_overlap, the file's overlap rows compared; a single row with a NULL date for a file whose rows
-- all agree. A new row inside the stored span on a date with no stored row is a disagreement too.
WITH files AS (
    SELECT unnest($files, recursive := true)
),
incoming AS (
    SELECT f.path, f.ticker, c.date, c.open, c.high, c.low, c.close, c.volume
    FROM read_csv($paths, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true,
         columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                    'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'}) AS c
    JOIN files AS f ON c.filename = f.path
),
stored_end AS (
    SELECT ticker, max(date) AS last FROM prices WHERE ticker IN (SELECT ticker FROM files) GROUP BY ticker
),
overlap AS (
    SELECT i.path, i.date, s.date AS stored_date,
           s.open AS s_open, s.high AS s_high, s.low AS s_low, s.close AS s_close, s.volume AS s_volume,
           i.open, i.high, i.low, i.close, i.volume
    FROM incoming AS i
    JOIN stored_end AS e ON e.ticker = i.ticker AND i.date <= e.last
    LEFT JOIN prices AS s ON s.ticker = i.ticker AND s.date = i.date
),
checks AS (
    SELECT path, date, 'row' AS field, NULL::DOUBLE AS stored, close AS new FROM overlap WHERE stored_date IS NULL
    UNION ALL SELECT path, date, 'open', s_open, open FROM overlap WHERE abs(s_open - open) > 0.005 + 1e-9
    UNION ALL SELECT path, date, 'high', s_high, high FROM overlap WHERE abs(s_high - high) > 0.005 + 1e-9
    UNION ALL SELECT path, date, 'low', s_low, low FROM overlap WHERE abs(s_low - low) > 0.005 + 1e-9
    UNION ALL SELECT path, date, 'close', s_close, close FROM overlap WHERE abs(s_close - close) > 0.005 + 1e-9
    UNION ALL SELECT path, date, 'volume', s_volume, volume FROM overlap
        WHERE abs(s_volume - volume) > $volume_tolerance * greatest(s_volume, 1)
),
counts AS (
    SELECT f.path, count(o.date) AS n_overlap FROM files AS f LEFT JOIN overlap AS o ON o.path = f.path GROUP BY f.path
)
SELECT k.path, c.date, c.field, c.stored, c.new, k.n_overlap
FROM counts AS k
LEFT JOIN checks AS c ON c.path = k.path
ORDER BY k.path, c.date NULLS FIRST, c.field;
