-- The new rows of a seed extension file: those dated after the ticker's newest stored date
-- (the overlap rows were checked by seed_extension_check.sql and are not loaded again).
-- $path, $ticker, $close_adjustment, $source
INSERT INTO prices
SELECT $ticker, date, open, high, low, close, adj_close, volume, $close_adjustment, $source, NULL
FROM read_csv($path, header = true,
     columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'})
WHERE date > (SELECT max(date) FROM prices WHERE ticker = $ticker);
