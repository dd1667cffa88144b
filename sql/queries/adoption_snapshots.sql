-- Every stored snapshot of the chosen repos in [$start, $end]: the points the Adoption page plots,
-- with whether each number is exact or a rounded display value.
SELECT
    s.repo_id,
    coalesce(o.organization, split_part(s.repo_id, '/', 1)) AS organization,
    s.as_of,
    s.downloads_30d,
    s.downloads_all_time,
    s.likes,
    -- precision as people read it: exact, rounded (a display value read back: rounded_display), not stated
    CASE s.precision WHEN 'rounded_display' THEN 'rounded' ELSE coalesce(s.precision, 'not stated') END AS precision,
    s.source,
    s.source_url
FROM model_stats AS s
LEFT JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1)
WHERE s.repo_id IN (SELECT unnest($repo_ids))  -- a hash semi-join, not a list search per snapshot
  AND CAST(s.as_of AS DATE) BETWEEN $start AND $end
ORDER BY s.repo_id, s.as_of;
