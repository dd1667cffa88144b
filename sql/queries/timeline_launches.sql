-- Launches to mark on the timeline: those of the chosen organisations and countries (an empty
-- list means all), or exactly the chosen launch_ids when $launch_ids is not empty, whose
-- release or market date falls in [$start, $end].
SELECT launch_id, date, market_date, coalesce(market_date, date) AS event_date, model, organization, country,
       kind, open_weights, source_url
FROM launches
WHERE confirmed
  AND (len($launch_ids) > 0 AND list_contains($launch_ids, launch_id)
       OR len($launch_ids) = 0
          AND (len($orgs) = 0 OR list_contains($orgs, organization))
          AND (len($countries) = 0 OR list_contains($countries, country)))
  AND (date BETWEEN $start AND $end OR market_date BETWEEN $start AND $end)
ORDER BY date, launch_id;
