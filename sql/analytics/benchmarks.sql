-- Benchmark scores with canonical model and benchmark names.
--
-- A source's model name resolves to a canonical model and its launch first through model_names,
-- which pipelines/model_names.py fills after every load (provider prefixes, effort and budget
-- suffixes, date stamps and quantisation suffixes handled, then the alias table, Hub repo names
-- and the launches' own names; see its docstring). A name not resolved there falls back to
-- model_aliases, matched on the name with case and punctuation ignored ("DeepSeek V3" =
-- "DeepSeek-V3"), else to the Hub repo id (an alias row's or a launch's). Benchmark names map
-- through benchmark_aliases to a benchmark and a variant (version or setting); unlisted names
-- stand as they are. A series is (model, benchmark, variant, metric): different variants
-- (including reasoning efforts) or metrics are never merged.
--
-- Repeated runs (a source's run_id, e.g. Epoch AI's `id`) are all kept; is_latest_run marks the
-- newest run (started_at, then run_id) of each model × benchmark × variant × metric × source, the
-- one point a series shows. Rows without a run id are each their own report.
--
-- The view is benchmark_results_computed; every publish keeps its rows as the table benchmark_results
-- (materialise_benchmarks.sql), which the pages read: the view's joins and window were resolved again by
-- every query that read it (6–13 ms a read at the seed, three reads in the Benchmarks page's catalog).
CREATE OR REPLACE MACRO alias_key(name) AS lower(regexp_replace(name, '[^A-Za-z0-9]', '', 'g'));

CREATE OR REPLACE VIEW benchmark_results_computed AS
WITH by_name AS (
    SELECT alias_key(alias) AS k, arg_max(model, is_primary) AS model, arg_max(hf_repo_id, is_primary) AS hf_repo_id,
           arg_max(launch_id, is_primary) AS launch_id, bool_or(is_primary) AS is_primary
    FROM model_aliases
    GROUP BY alias_key(alias)
),
by_repo AS (
    SELECT hf_repo_id, arg_max(model, is_primary) AS model, arg_max(launch_id, is_primary) AS launch_id,
           bool_or(is_primary) AS is_primary
    FROM model_aliases
    WHERE hf_repo_id IS NOT NULL
    GROUP BY hf_repo_id
),
launch_repo AS (
    SELECT hf_repo_id, min(launch_id) AS launch_id FROM launches WHERE hf_repo_id IS NOT NULL GROUP BY hf_repo_id
),
resolved AS (
    SELECT
        s.model AS source_model,
        coalesce(m.model, n.model, r.model, CASE WHEN lr.launch_id IS NOT NULL THEN s.repo_id END) AS model,
        coalesce(s.repo_id, m.hf_repo_id, n.hf_repo_id) AS repo_id,
        CASE WHEN m.model IS NOT NULL THEN m.launch_id ELSE coalesce(n.launch_id, r.launch_id, lr.launch_id) END
            AS launch_id,
        CASE WHEN m.model IS NOT NULL THEN m.is_primary
             ELSE coalesce(n.is_primary, r.is_primary, lr.launch_id IS NOT NULL) END AS is_primary,
        coalesce(b.benchmark, s.benchmark) AS benchmark,
        coalesce(s.variant, b.variant) AS variant,
        s.score,
        s.metric,
        s.source,
        s.source_url,
        s.reported_date,
        s.origin,
        s.run_id,
        s.started_at,
        m.rule AS name_rule
    FROM benchmark_scores AS s
    LEFT JOIN model_names AS m ON m.raw = s.model
    LEFT JOIN by_name AS n ON n.k = alias_key(s.model)
    LEFT JOIN by_repo AS r ON n.k IS NULL AND r.hf_repo_id = s.repo_id
    LEFT JOIN launch_repo AS lr ON lr.hf_repo_id = coalesce(s.repo_id, n.hf_repo_id)
    LEFT JOIN benchmark_aliases AS b ON b.raw = s.benchmark
)
SELECT
    *,
    run_id IS NULL OR row_number() OVER (
        PARTITION BY run_id IS NULL, coalesce(model, source_model), benchmark, coalesce(variant, ''),
                     coalesce(metric, ''), source
        ORDER BY started_at DESC NULLS LAST, run_id DESC
    ) = 1 AS is_latest_run
FROM resolved;
