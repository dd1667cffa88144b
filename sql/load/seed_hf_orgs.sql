-- $path: data/universe/hf_orgs.csv
INSERT OR REPLACE INTO hf_orgs
SELECT hf_org, organization, NULLIF(country, '')
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
