-- Every tracked ticker, in universe order.
SELECT ticker FROM securities ORDER BY "group", ticker;
