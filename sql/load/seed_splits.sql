-- The seed's stock splits (`ticker,date,ratio,source`; ratio = new shares per old share).
-- $path
INSERT OR REPLACE INTO splits
SELECT ticker, date, ratio, source
FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
     columns = {'ticker': 'VARCHAR', 'date': 'DATE', 'ratio': 'DOUBLE', 'source': 'VARCHAR'});
