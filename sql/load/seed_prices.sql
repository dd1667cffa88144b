-- One seed price file. $path, $ticker, $close_adjustment, $source.
-- Files are `date,open,high,low,close,adj_close,volume`; empty cells are NULL.
INSERT OR REPLACE INTO prices
SELECT $ticker, date, open, high, low, close, adj_close, volume,
       $close_adjustment, $source, NULL
FROM read_csv($path, header = true,
     columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',
                'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'});
