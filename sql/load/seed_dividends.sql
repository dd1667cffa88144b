-- One seed dividend file (`date,dividend`, ex-date and cash per share). $path, $ticker, $source.
INSERT OR REPLACE INTO dividends
SELECT $ticker, date, dividend, $source
FROM read_csv($path, header = true, columns = {'date': 'DATE', 'dividend': 'DOUBLE'});
