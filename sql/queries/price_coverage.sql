-- Per security: its first and newest price, where its newest rows come from, and the return
-- basis of its newest return (what daily_returns used: total return, adjusted close, or a price
-- return where the source gave no dividends); its splits and the gaps where no return is computed.
WITH span AS (  -- one pass over the prices: each security's first and newest bar, its count, where the newest came from
    SELECT ticker, min(date) AS first_date, max(date) AS last_date, count(*) AS days,
           arg_max(source, date) AS newest_source, arg_max(close_adjustment, date) AS newest_close_is
    FROM prices
    GROUP BY ticker
),
basis AS (
    SELECT ticker, arg_max(return_basis, date) AS newest_return_basis
    FROM daily_returns
    WHERE missing_before > 0 OR ret IS NOT NULL
    GROUP BY ticker
),
gaps AS (  -- apart: an ordered aggregate sorts every row it is given, filtered out or not
    SELECT ticker,
           string_agg(prev_date || '…' || date || ' (' || missing_before || ' sessions)', '; ' ORDER BY date)
               AS gaps_without_return
    FROM daily_returns
    WHERE missing_before > 0
    GROUP BY ticker
),
split_list AS (
    SELECT ticker, string_agg(printf('%s ×%g', date, ratio), '; ' ORDER BY date) AS splits
    FROM splits
    GROUP BY ticker
)
SELECT
    s.ticker,
    s.name,
    sp.first_date,
    sp.last_date,
    sp.days,
    sp.newest_source,
    sp.newest_close_is,
    b.newest_return_basis,
    sl.splits,
    g.gaps_without_return
FROM securities AS s
JOIN span AS sp USING (ticker)
LEFT JOIN basis AS b USING (ticker)
LEFT JOIN gaps AS g USING (ticker)
LEFT JOIN split_list AS sl USING (ticker)
ORDER BY sp.last_date DESC, s.ticker;
