-- The tracked universe, for filters and validation.
SELECT ticker, name, "group", exchange, currency, country
FROM securities
ORDER BY "group", ticker;
