-- $path: data/universe/securities.csv
INSERT OR REPLACE INTO securities
SELECT ticker, name, "group", exchange, currency, country
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
