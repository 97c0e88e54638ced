-- Indicators with targets (docs/indicators.md, "Indicators with targets"): the rows of the
-- period's indicator workbooks (data/raw/<period>/indicators/*.xlsx) as written, with lineage,
-- and the computed indicators configured when the period was loaded (config/indicators.yml).
-- Every table has a `period` column; a re-run of a period replaces its rows in all of them
-- (analysis.sources.indicators.INDICATOR_TABLES).

-- one row per data row of an indicator workbook, every value as the text in the cell; the
-- `*_number` and `*_year` columns are read from that text by analysis.sources.indicators
create table if not exists raw_indicator (
    period          varchar not null,
    source_file     varchar not null,   -- relative to the period folder, e.g. indicators/mittarit.xlsx
    sheet           varchar not null,
    row_number      integer not null,   -- Excel row number (1-based)
    file_sha256     varchar not null,
    loaded_at       timestamp not null,
    indicator_id    varchar,
    name_fi         varchar,
    name_sv         varchar,
    name_en         varchar,
    unit            varchar,
    direction       varchar,
    goal            varchar,
    theme           varchar,
    division        varchar,
    baseline_value  varchar,
    baseline_year   varchar,
    target_value    varchar,
    target_year     varchar,
    value           varchar,
    value_source    varchar,
    comment         varchar,
    direction_code  varchar,            -- up, down or stay; null when the label is not known
    unit_code       varchar,            -- count, percent or eur; null for another unit (shown as written)
    division_key    varchar,            -- match keys (analysis.mapping.match_key)
    theme_key       varchar,
    baseline_number double,
    baseline_year_number integer,
    target_number   double,
    target_year_number integer,
    value_number    double
);

-- one row per recognised column of an indicator workbook's sheet: where each field was found
create table if not exists raw_indicator_column (
    period          varchar not null,
    source_file     varchar not null,
    sheet           varchar not null,
    field           varchar not null,
    column_letter   varchar not null,
    header_row      integer not null,
    header_text     varchar not null
);

-- one row per computed indicator configured in config/indicators.yml when the period was loaded
create table if not exists raw_indicator_computed (
    period          varchar not null,
    source_file     varchar not null,   -- the configuration file
    entry           integer not null,   -- its position in `computed` (1-based)
    indicator_id    varchar not null,
    compute         varchar not null,   -- eu_applications, eu_contribution or goal_completion
    name_fi         varchar not null,
    name_sv         varchar,
    name_en         varchar not null,
    unit_code       varchar not null,
    direction_code  varchar not null,
    goal            varchar,
    theme           varchar,            -- a theme code of config/themes.yml
    division        varchar,            -- a division code of config/divisions.yml
    baseline_number double,
    baseline_year_number integer,
    target_number   double,             -- null: the period's application target (eu_applications)
    target_year_number integer
);
