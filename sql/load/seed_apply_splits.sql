-- Put every seed series on the basis of its newest split, as Yahoo shows a split-adjusted
-- history: the seed files hold each day's prints, so rows dated before a split's effective
-- date have their prices and dividends divided by the ratio, their volume and the share counts
-- dated before it multiplied. Runs once per seed build, after every price file is loaded.
-- Seed rows only (their source starts with 'seed:').
UPDATE prices AS p
SET open = p.open / f.factor, high = p.high / f.factor, low = p.low / f.factor,
    close = p.close / f.factor, adj_close = p.adj_close / f.factor, volume = p.volume * f.factor
FROM (
    SELECT pr.ticker, pr.date, product(s.ratio) AS factor
    FROM prices AS pr JOIN splits AS s ON s.ticker = pr.ticker AND pr.date < s.date
    WHERE pr.source LIKE 'seed:%'
    GROUP BY pr.ticker, pr.date
) AS f
WHERE p.ticker = f.ticker AND p.date = f.date;

UPDATE dividends AS d
SET dividend = d.dividend / f.factor
FROM (
    SELECT dv.ticker, dv.date, product(s.ratio) AS factor
    FROM dividends AS dv JOIN splits AS s ON s.ticker = dv.ticker AND dv.date < s.date
    WHERE dv.source LIKE 'seed:%'
    GROUP BY dv.ticker, dv.date
) AS f
WHERE d.ticker = f.ticker AND d.date = f.date;

UPDATE shares_outstanding AS o
SET shares = o.shares * f.factor
FROM (
    SELECT sh.ticker, sh.date, product(s.ratio) AS factor
    FROM shares_outstanding AS sh JOIN splits AS s ON s.ticker = sh.ticker AND sh.date < s.date
    WHERE sh.source LIKE 'seed:%'
    GROUP BY sh.ticker, sh.date
) AS f
WHERE o.ticker = f.ticker AND o.date = f.date;
