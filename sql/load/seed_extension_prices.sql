-- The new rows of seed extension files (at most one per ticker), all files in one read: those dated after
-- their ticker's newest stored date (the overlap rows were checked by seed_extension_check.sql and are not
-- loaded again). $paths: the files; $files: one struct per file {path, ticker, close_adjustment, source}.
INSERT INTO prices
SELECT f.ticker, c.date, c.open, c.high, c.low, c.close, c.adj_close, c.volume, f.close_adjustment, f.source, NULL
FROM read_csv($paths, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true,
     columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'}) AS c
JOIN (SELECT unnest($files, recursive := true)) AS f ON c.filename = f.path
JOIN (SELECT ticker, max(date) AS last FROM prices GROUP BY ticker) AS e ON e.ticker = f.ticker
WHERE c.date > e.last;
