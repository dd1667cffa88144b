-- The fingerprints of the kept studies' inputs as they are now, besides the returns (compared by date,
-- study_moved.sql): each launch's row; each security's row, its share counts and its earnings dates.
CREATE OR REPLACE TEMP TABLE study_inputs_now AS
SELECT 'launch' AS kind, l.launch_id AS key, hash(l) AS fingerprint FROM launches AS l
UNION ALL
SELECT 'security', s.ticker, hash(s) FROM securities AS s
UNION ALL
SELECT 'shares', o.ticker, hash(count(*), bit_xor(hash(o))) FROM shares_outstanding AS o GROUP BY o.ticker
UNION ALL
SELECT 'earnings', e.ticker, hash(count(*), bit_xor(hash(e))) FROM earnings AS e GROUP BY e.ticker;
