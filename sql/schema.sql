-- Aftershock warehouse schema: the public contract of DESIGN.md.
-- Columns may be added, never renamed. Every table is created here, including
-- those that later pipelines fill, so the dashboard can always query them.

CREATE TABLE IF NOT EXISTS securities (
    ticker      VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    "group"     VARCHAR NOT NULL,   -- chipmaker, semicap, hyperscaler, china_ai, asia_semis, index
    exchange    VARCHAR,
    currency    VARCHAR NOT NULL,   -- ISO 4217; prices are in this currency
    country     VARCHAR
);
COMMENT ON TABLE securities IS 'The tracked universe: one row per ticker (data/universe/securities.csv).';

CREATE TABLE IF NOT EXISTS prices (
    ticker      VARCHAR NOT NULL,
    date        DATE NOT NULL,      -- exchange-local trading date
    open        DOUBLE,
    high        DOUBLE,
    low         DOUBLE,
    close       DOUBLE NOT NULL,
    adj_close   DOUBLE,             -- split+dividend adjusted close, where the source had one
    volume      DOUBLE,
    close_adjustment VARCHAR NOT NULL,
        -- what `close` is:
        --   split_adjusted_with_adj_close  the yfinance pipeline: Yahoo's chart close, split-adjusted (on and
        --                                  after a split every earlier close is divided by its ratio, so a
        --                                  4:1 split day shows the previous close / 4), not dividend-adjusted;
        --                                  adj_close is split- and dividend-adjusted
        --   split_adjusted_only            the same close (a seed copy of Yahoo's chart quote), no adj_close
        --   actual_with_adj_close          the traded close (seed files with no split in their range) and an
        --                                  adjusted adj_close
        --   split_dividend_adjusted        the source already adjusted close for splits and dividends
        --   index_level                    an index
    source      VARCHAR NOT NULL,
    fetched_at  TIMESTAMP,
    PRIMARY KEY (ticker, date)
);
COMMENT ON TABLE prices IS 'Daily bars; close_adjustment records what the source''s close already includes.';

CREATE TABLE IF NOT EXISTS dividends (
    ticker      VARCHAR NOT NULL,
    date        DATE NOT NULL,      -- ex-dividend date
    dividend    DOUBLE NOT NULL,    -- cash per share, in the security's currency
    source      VARCHAR NOT NULL,
    PRIMARY KEY (ticker, date)
);

CREATE TABLE IF NOT EXISTS splits (
    ticker      VARCHAR NOT NULL,
    date        DATE NOT NULL,
    ratio       DOUBLE NOT NULL,    -- new shares per old share (4.0 for a 4-for-1 split)
    source      VARCHAR NOT NULL,
    PRIMARY KEY (ticker, date)
);

CREATE TABLE IF NOT EXISTS shares_outstanding (
    ticker      VARCHAR NOT NULL,
    date        DATE NOT NULL,
    shares      DOUBLE NOT NULL,
    source      VARCHAR NOT NULL,
    PRIMARY KEY (ticker, date)
);

CREATE TABLE IF NOT EXISTS launches (
    launch_id     VARCHAR PRIMARY KEY,  -- stable slug, e.g. deepseek-r1
    date          DATE NOT NULL,        -- release date
    market_date   DATE,                 -- the day markets reacted, where it differs (nullable)
    model         VARCHAR NOT NULL,
    organization  VARCHAR NOT NULL,
    country       VARCHAR,
    hf_repo_id    VARCHAR,
    open_weights  BOOLEAN,
    kind          VARCHAR,
    source_url    VARCHAR,
    note          VARCHAR,
    confirmed     BOOLEAN NOT NULL DEFAULT TRUE  -- FALSE for candidates found by the hub pipeline
);

CREATE TABLE IF NOT EXISTS hf_orgs (
    hf_org        VARCHAR PRIMARY KEY,  -- the Hub's name, e.g. deepseek-ai
    organization  VARCHAR NOT NULL,     -- as launches name it, e.g. DeepSeek
    country       VARCHAR
);

CREATE TABLE IF NOT EXISTS models (
    repo_id       VARCHAR PRIMARY KEY,
    organization  VARCHAR,
    created_at    TIMESTAMP,
    pipeline_tag  VARCHAR,
    library       VARCHAR,
    license       VARCHAR,
    params        BIGINT,
    last_modified TIMESTAMP,
    tags          VARCHAR[],
    hf_org        VARCHAR               -- the owner part of repo_id
);

CREATE TABLE IF NOT EXISTS model_stats (
    repo_id             VARCHAR NOT NULL,
    as_of               TIMESTAMP NOT NULL,  -- snapshot time, UTC
    downloads_30d       BIGINT,              -- rolling 30-day count as the Hub reports it
    downloads_all_time  BIGINT,
    likes               BIGINT,
    trending_score      DOUBLE,
    source              VARCHAR NOT NULL,
    source_url          VARCHAR,
    PRIMARY KEY (repo_id, as_of, source)
);
-- exact (an integer from the API) or rounded_display (a display string such as "2.78M" read back);
-- NULL where the source did not say
ALTER TABLE model_stats ADD COLUMN IF NOT EXISTS precision VARCHAR;

CREATE TABLE IF NOT EXISTS benchmark_scores (
    model          VARCHAR NOT NULL,   -- as the source writes it
    repo_id        VARCHAR,
    benchmark      VARCHAR NOT NULL,
    variant        VARCHAR,            -- version or setting; never merged across variants
    score          DOUBLE NOT NULL,
    metric         VARCHAR,
    source         VARCHAR NOT NULL,
    source_url     VARCHAR,
    reported_date  DATE,
    as_of          TIMESTAMP,
    origin         VARCHAR,           -- what loaded it: seed, hf-eval:REPO, hf-leaderboard:DATASET, epoch:FILE
    run_id         VARCHAR,           -- the source's own id of the run (Epoch AI: `id`), where it has one
    started_at     TIMESTAMP          -- when that run started (Epoch AI: `Started at`); re-runs are kept
);
-- Warehouses built before run ids were stored.
ALTER TABLE benchmark_scores ADD COLUMN IF NOT EXISTS run_id VARCHAR;
ALTER TABLE benchmark_scores ADD COLUMN IF NOT EXISTS started_at TIMESTAMP;

CREATE TABLE IF NOT EXISTS model_names (
    raw         VARCHAR PRIMARY KEY,  -- a model name as a source writes it (benchmark_scores.model)
    base        VARCHAR,              -- what is left after the rules (prefix, effort, quantisation, date)
    model       VARCHAR,              -- the canonical model it resolves to (NULL: none)
    hf_repo_id  VARCHAR,
    launch_id   VARCHAR,              -- the launch it reaches (NULL: none)
    is_primary  BOOLEAN,
    variant     VARCHAR,              -- the reasoning effort or budget split off the name (_high, _16K, …)
    rule        VARCHAR,              -- the steps that resolved it, or were applied before it failed
    reason      VARCHAR,              -- why it reaches no launch
    suggestion  VARCHAR               -- the rule that would catch it
);
COMMENT ON TABLE model_names IS 'pipelines/model_names.py: every stored model name resolved against the alias table and the launches.';

CREATE TABLE IF NOT EXISTS model_aliases (
    alias       VARCHAR PRIMARY KEY,  -- a name as some source writes it
    model       VARCHAR NOT NULL,     -- the canonical model
    hf_repo_id  VARCHAR,
    launch_id   VARCHAR,              -- the launch it belongs to, if any
    is_primary  BOOLEAN NOT NULL      -- the model that stands for its launch on the Benchmarks scatter
);
COMMENT ON TABLE model_aliases IS 'data/universe/model_aliases.csv: reviewable, one row per spelling.';

CREATE TABLE IF NOT EXISTS benchmark_aliases (
    raw        VARCHAR PRIMARY KEY,   -- a benchmark name as some source writes it
    benchmark  VARCHAR NOT NULL,
    variant    VARCHAR                -- version or setting; never merged with another variant
);

CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id        VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,   -- running, success, failed, partial
    rows_written  BIGINT,
    error         VARCHAR
);

CREATE TABLE IF NOT EXISTS warehouse_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
COMMENT ON TABLE warehouse_info IS 'Build facts the pages show: origin (seed or pipelines), seed as-of, build time.';

CREATE TABLE IF NOT EXISTS earnings (
    ticker         VARCHAR NOT NULL,
    announce_date  DATE NOT NULL,     -- the day the results became public (US/Eastern; TSM: Taipei date)
    time_of_day    VARCHAR,           -- amc (after the close), bmo (before the open), dmh (during market hours), NULL unknown
    fiscal_period  VARCHAR,
    source         VARCHAR NOT NULL,  -- seed:earnings_dates or yfinance
    source_url     VARCHAR,
    PRIMARY KEY (ticker, announce_date)
);
COMMENT ON TABLE earnings IS 'Quarterly results announcements: the confounder check for earnings inside an event window.';
