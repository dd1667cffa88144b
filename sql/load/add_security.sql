-- A ticker added with `add-ticker`. $ticker, $name, $group, $exchange, $currency, $country
INSERT OR REPLACE INTO securities VALUES ($ticker, $name, $group, $exchange, $currency, $country);
