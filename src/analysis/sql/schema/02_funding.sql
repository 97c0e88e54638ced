-- EU funding (analysis.funding): raw tables with lineage, and the funding configuration that was
-- in force when a period was loaded. Every table has a `period` column; a re-run of a period
-- replaces its rows in all of them (analysis.funding.FUNDING_TABLES). Values are kept as the text
-- in the file; the `*_on` dates, `*_eur` amounts and `*_key` match keys beside them are read from
-- that text by analysis.funding.values and analysis.mapping.match_key.

-- one row per funding input table (a CSV file, or one sheet of a workbook): how it was read
create table if not exists raw_funding_source (
    period          varchar not null,
    source_file     varchar not null,   -- relative to the period folder, e.g. funding/cordis/project.csv
    sheet           varchar,            -- null for a CSV file
    layout          varchar not null,   -- register, targets, cordis-project, ..., eura, kohesio
    encoding        varchar,            -- detected: utf-8, utf-8-sig, cp1252, latin-1 (null for xlsx)
    delimiter       varchar,            -- detected: ';', ',', tab or '|' (null for xlsx)
    header_row      integer not null,   -- line (CSV) or row (xlsx) of the header
    data_rows       integer not null,   -- rows read, including repaired and skipped ones
    repaired_rows   integer not null,   -- rows whose column count was repaired (analysis.funding.delimited)
    skipped_rows    integer not null    -- rows left out because their columns could not be told apart
);

-- one row per recognised column of a funding table: where each field was found
create table if not exists raw_funding_column (
    period          varchar not null,
    source_file     varchar not null,
    sheet           varchar,
    field           varchar not null,
    column_letter   varchar,            -- Excel column (xlsx); null for CSV
    column_number   integer not null,   -- 1-based position in the header
    header_text     varchar not null
);

-- one row per data row of the city's project register
create table if not exists raw_funding_register (
    period              varchar not null,
    source_file         varchar not null,
    sheet               varchar,
    row_number          integer not null,  -- Excel row, or CSV line where the record starts
    file_sha256         varchar not null,
    loaded_at           timestamp not null,
    project_id          varchar,
    name                varchar,
    acronym             varchar,
    grant_id            varchar,
    division            varchar,
    themes              varchar,
    programme           varchar,
    phase               varchar,
    submitted           varchar,
    decided             varchar,
    start_date          varchar,
    end_date            varchar,
    total_budget        varchar,
    eu_contribution     varchar,
    own_financing       varchar,
    division_key        varchar,
    theme_keys          varchar[],
    programme_key       varchar,
    phase_key           varchar,
    acronym_key         varchar,
    grant_key           varchar,
    submitted_on        date,
    decided_on          date,
    start_on            date,
    end_on              date,
    total_budget_eur    decimal(18, 2),
    eu_contribution_eur decimal(18, 2),
    own_financing_eur   decimal(18, 2)
);

-- one row per data row of a targets table: the number of EU applications a division aims at
create table if not exists raw_funding_target (
    period          varchar not null,
    source_file     varchar not null,
    sheet           varchar,
    row_number      integer not null,
    file_sha256     varchar not null,
    loaded_at       timestamp not null,
    division        varchar,
    target_period   varchar,            -- the Kausi / Period cell; empty = the folder's period
    target          varchar,
    division_key    varchar,
    target_value    integer
);

-- one row per line of CORDIS project.csv (Horizon Europe or H2020)
create table if not exists raw_cordis_project (
    period                  varchar not null,
    source_file             varchar not null,
    line_number             integer not null,
    file_sha256             varchar not null,
    loaded_at               timestamp not null,
    id                      varchar,
    acronym                 varchar,
    status                  varchar,
    title                   varchar,
    start_date              varchar,
    end_date                varchar,
    total_cost              varchar,
    ec_max_contribution     varchar,
    legal_basis             varchar,
    topics                  varchar,
    ec_signature_date       varchar,
    framework_programme     varchar,
    funding_scheme          varchar,
    programme_key           varchar,
    acronym_key             varchar,
    grant_key               varchar,
    theme_keys              varchar[],  -- from config/funding.yml legal_basis_themes
    start_on                date,
    end_on                  date,
    signed_on               date,
    total_cost_eur          decimal(18, 2),
    ec_max_contribution_eur decimal(18, 2)
);

-- one row per line of CORDIS organization.csv (one participation of one organisation)
create table if not exists raw_cordis_organization (
    period                  varchar not null,
    source_file             varchar not null,
    line_number             integer not null,
    file_sha256             varchar not null,
    loaded_at               timestamp not null,
    project_id              varchar,
    project_acronym         varchar,
    organisation_id         varchar,    -- the PIC
    vat_number              varchar,
    name                    varchar,
    activity_type           varchar,
    country                 varchar,
    role                    varchar,
    ec_contribution         varchar,
    net_ec_contribution     varchar,
    total_cost              varchar,
    city_match              varchar,    -- 'pic 997664207' / 'vat FI02012566' when the row is the city's
    ec_contribution_eur     decimal(18, 2),
    net_ec_contribution_eur decimal(18, 2),
    total_cost_eur          decimal(18, 2)
);

-- one row per line of CORDIS legalBasis.csv
create table if not exists raw_cordis_legal_basis (
    period                  varchar not null,
    source_file             varchar not null,
    line_number             integer not null,
    file_sha256             varchar not null,
    loaded_at               timestamp not null,
    project_id              varchar,
    legal_basis             varchar,
    title                   varchar,
    unique_programme_part   varchar
);

-- one row per line of CORDIS topics.csv
create table if not exists raw_cordis_topic (
    period          varchar not null,
    source_file     varchar not null,
    line_number     integer not null,
    file_sha256     varchar not null,
    loaded_at       timestamp not null,
    project_id      varchar,
    topic           varchar,
    title           varchar
);

-- one row per line of a structural-fund project list (EURA 2007 / 2014, Kohesio 2021-27)
create table if not exists raw_structural_fund_project (
    period                  varchar not null,
    source_file             varchar not null,
    sheet                   varchar,
    line_number             integer not null,
    file_sha256             varchar not null,
    loaded_at               timestamp not null,
    layout                  varchar not null,  -- eura or kohesio
    parse_status            varchar not null,  -- ok, repaired or skipped
    repair                  varchar,           -- what was done to a repaired or skipped line
    raw_line                varchar,           -- the line as written, for repaired and skipped lines
    project_code            varchar,           -- Koodi / Operation_Local_Identifier
    operation_uri           varchar,           -- Kohesio Operation_Unique_Identifier
    fund                    varchar,
    name                    varchar,
    programme_name          varchar,
    authority               varchar,
    status                  varchar,
    start_date              varchar,
    end_date                varchar,
    implementer             varchar,
    implementer_id          varchar,
    granted_public          varchar,           -- EURA: Myönnetty EU- ja valtion rahoitus
    planned_public_total    varchar,           -- EURA: Suunniteltu julkinen rahoitus yhteensä
    eu_budget               varchar,           -- Kohesio: Project_EU_Budget
    total_eligible          varchar,           -- Kohesio: Total_Eligible_Expenditure_amount
    city_match              varchar,           -- 'name Vantaan kaupunki' / 'business id ...'
    division_key            varchar,           -- from config/funding.yml implementer_divisions
    programme_key           varchar,
    grant_key               varchar,
    start_on                date,
    end_on                  date,
    granted_public_eur      decimal(18, 2),
    planned_public_total_eur decimal(18, 2),
    eu_budget_eur           decimal(18, 2),
    total_eligible_eur      decimal(18, 2)
);

-- Funding configuration in force when the period was loaded (config/funding.yml).

-- one row per period: its first and last day and the length of the follow-up after a project ends
create table if not exists funding_ref_period (
    period          varchar not null,
    period_start    date not null,
    period_end      date not null,
    follow_up_years integer not null
);

create table if not exists funding_ref_programme (
    period      varchar not null,
    programme   varchar not null,
    name_fi     varchar not null,
    name_sv     varchar,
    name_en     varchar not null,
    sort_order  integer not null
);
-- a database made before Swedish names were kept gains their column
alter table funding_ref_programme add column if not exists name_sv varchar;
create table if not exists funding_ref_programme_key (
    period varchar not null, key varchar not null, programme varchar not null
);

create table if not exists funding_ref_phase (
    period      varchar not null,
    phase       varchar not null,
    name_fi     varchar not null,
    name_sv     varchar,
    name_en     varchar not null,
    sort_order  integer not null
);
alter table funding_ref_phase add column if not exists name_sv varchar;
create table if not exists funding_ref_phase_key (
    period varchar not null, key varchar not null, phase varchar not null
);

-- which register column matches a project of CORDIS or a structural-fund list, in order
create table if not exists funding_ref_match_key (
    period varchar not null, key_name varchar not null, priority integer not null
);
