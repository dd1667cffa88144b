-- Every seed price file in one read (a read per file cost 50 ms each, most of a build).
-- $paths: the files; $files: one struct per file {path, ticker, close_adjustment, source, n (its place in
-- files.csv)}. Files are `date,open,high,low,close,adj_close,volume`; empty cells are NULL. Where two files
-- give one ticker's date, the later listed one wins, as when each file replaced the one before.
-- The dialect is stated and the columns are read by position, not sniffed from each file (the sniffing was
-- 0.35 s of a 0.37 s read): seed_files.PRICES refuses a header that is not these columns in this order.
INSERT OR REPLACE INTO prices
SELECT f.ticker, c.date, c.open, c.high, c.low, c.close, c.adj_close, c.volume,
       f.close_adjustment, f.source, NULL
FROM read_csv($paths, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true,
     columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'}) AS c
JOIN (SELECT unnest($files, recursive := true)) AS f ON c.filename = f.path
QUALIFY row_number() OVER (PARTITION BY f.ticker, c.date ORDER BY f.n DESC) = 1;
