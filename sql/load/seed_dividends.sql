-- Every seed dividend file (`date,dividend`, ex-date and cash per share) in one read. $paths: the files;
-- $files: one struct per file {path, ticker, source, n (its place in files.csv)}; the later listed wins.
INSERT OR REPLACE INTO dividends
SELECT f.ticker, c.date, c.dividend, f.source
FROM read_csv($paths, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true,
     columns = {'date': 'DATE', 'dividend': 'DOUBLE'}) AS c
JOIN (SELECT unnest($files, recursive := true)) AS f ON c.filename = f.path
QUALIFY row_number() OVER (PARTITION BY f.ticker, c.date ORDER BY f.n DESC) = 1;
