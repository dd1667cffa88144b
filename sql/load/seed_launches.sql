-- The curated launches (data/seed/launches.csv). $path.
INSERT OR REPLACE INTO launches
SELECT launch_id, CAST(date AS DATE), TRY_CAST(NULLIF(market_date, '') AS DATE), model, organization,
       NULLIF(country, ''), NULLIF(hf_repo_id, ''), lower(open_weights) = 'true', kind,
       source_url, NULLIF(note, ''), TRUE
FROM read_csv($path, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true);
