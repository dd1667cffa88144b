-- Every launch, for filters and validation; event_date is the market date where one exists.
SELECT launch_id, date, market_date, coalesce(market_date, date) AS event_date, model, organization, country,
       hf_repo_id, open_weights, kind, source_url, note, confirmed
FROM launches
ORDER BY date, launch_id;
