-- Each tracked repo's newest snapshot with a 30-day count at or before $as_of, no older than
-- $max_age_days (an older number says nothing about that date): the ranking and the likes.
SELECT
    s.repo_id,
    o.organization,
    s.as_of,
    s.downloads_30d,
    s.likes,
    -- precision as people read it: exact, rounded (a display value read back: rounded_display), not stated
    CASE s.precision WHEN 'rounded_display' THEN 'rounded' ELSE coalesce(s.precision, 'not stated') END AS precision,
    s.source,
    s.source_url
FROM model_stats AS s
JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
WHERE (len($orgs) = 0 OR list_contains($orgs, o.organization))
  AND s.downloads_30d IS NOT NULL
  AND CAST(s.as_of AS DATE) <= $as_of
  AND CAST(s.as_of AS DATE) > $as_of - to_days(CAST($max_age_days AS INTEGER))
QUALIFY row_number() OVER (PARTITION BY s.repo_id ORDER BY s.as_of DESC, s.source) = 1
ORDER BY s.downloads_30d DESC, s.repo_id;
