-- Raw and reference tables. Raw tables hold sheet text exactly as written, with lineage.
-- Reference tables are rebuilt from the YAML configuration on every load.

-- one row per input file per period
create table if not exists raw_file (
    period       varchar not null,
    source_file  varchar not null,   -- path relative to the period folder, e.g. status/kanslia.xlsx
    kind         varchar not null,   -- status
    file_sha256  varchar not null,
    size_bytes   bigint  not null,
    sheets       integer not null,
    data_rows    integer not null,
    loaded_at    timestamp not null
);

-- one row per data row of a status sheet, every value as the text in the cell
create table if not exists raw_status (
    period        varchar not null,
    source_file   varchar not null,
    sheet         varchar not null,
    row_number    integer not null,  -- Excel row number (1-based)
    file_sha256   varchar not null,
    loaded_at     timestamp not null,
    measure_id    varchar,
    goal          varchar,
    measure       varchar,
    division      varchar,           -- from the Toimiala / Division column, else the sheet name
    division_from varchar not null,  -- 'column' or 'sheet'
    themes        varchar,
    status        varchar,
    progress      varchar,
    report        varchar,
    owner         varchar,
    planned_end   varchar,
    division_key  varchar,           -- match keys (analysis.mapping.match_key) of the texts above
    status_key    varchar,
    theme_keys    varchar[]
);

-- columns added after the first release, for databases created before them
alter table raw_status add column if not exists planned_end varchar;
alter table raw_file add column if not exists saved_at timestamp;  -- Excel's last save (UTC)

-- one row per recognised column of a status sheet: where each field was found
create table if not exists raw_status_column (
    period        varchar not null,
    source_file   varchar not null,
    sheet         varchar not null,
    field         varchar not null,
    column_letter varchar not null,
    header_row    integer not null,
    header_text   varchar not null
);

create or replace table ref_division (
    division      varchar primary key,
    name_fi       varchar not null,
    name_sv       varchar,
    name_en       varchar not null,
    sort_order    integer not null,
    language      varchar not null   -- the language of its sheets' free text (config `language`)
);
create or replace table ref_division_key (key varchar primary key, division varchar not null);

create or replace table ref_theme (
    theme         varchar primary key,
    name_fi       varchar not null,
    name_sv       varchar,
    name_en       varchar not null,
    sort_order    integer not null
);
create or replace table ref_theme_key (key varchar primary key, theme varchar not null);

create or replace table ref_status (
    status        varchar primary key,
    name_fi       varchar not null,
    name_sv       varchar,
    name_en       varchar not null,
    sort_order    integer not null
);
create or replace table ref_status_key (key varchar primary key, status varchar not null);

-- one row per period with a deadline for returning the status sheets (config/periods.yml)
create or replace table ref_period (period varchar primary key, deadline date);

-- one row per measure id that was renamed or merged into another (config/measure_ids.yml)
create or replace table ref_measure_id (old_id varchar primary key, new_id varchar not null);

-- one row per problem that an ingest let through (warnings), for the provenance appendix
create table if not exists raw_problem (
    period        varchar not null,
    severity      varchar not null,
    source_file   varchar not null,
    sheet         varchar,
    cell          varchar,
    message       varchar not null,
    fix           varchar not null
);
alter table raw_problem add column if not exists code varchar;    -- the check that found it
alter table raw_problem add column if not exists value varchar;   -- the value it found
alter table raw_problem add column if not exists detail varchar;  -- e.g. the status label
alter table raw_problem add column if not exists params varchar;  -- further placeholders, JSON
