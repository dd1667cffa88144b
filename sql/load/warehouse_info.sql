-- $key, $value
INSERT OR REPLACE INTO warehouse_info VALUES ($key, $value);
