-- Every seed price file in one read (a read per file cost 50 ms each, most of a build).
-- $paths: the files; $files: one struct per file {path, ticker, close_adjustment, source, n (its place in
-- files.csv)}. Files are `date,open,high,low,close,adj_close,volume`; empty cells are NULL. Where two files
-- give one ticker's date, the later listed one wins, as when each file replaced the one before.
INSERT OR REPLACE INTO prices
SELECT f.ticker, c.date, c.open, c.high, c.low, c.close, c.adj_close, c.volume,
       f.close_adjustment, f.source, NULL
FROM read_csv($paths, header = true, filename = true,
     columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'}) AS c
JOIN (SELECT unnest($files, recursive := true)) AS f ON c.filename = f.path
QUALIFY row_number() OVER (PARTITION BY f.ticker, c.date ORDER BY f.n DESC) = 1;
