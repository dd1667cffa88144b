-- What Yahoo says about a tracked security: fill an empty exchange or currency, and return the
-- stored currency so a mismatch (prices in another currency than the universe says) is caught.
-- $ticker, $exchange, $currency
UPDATE securities
SET exchange = coalesce(NULLIF(exchange, ''), $exchange),
    currency = coalesce(NULLIF(currency, ''), $currency)
WHERE ticker = $ticker
RETURNING currency;
