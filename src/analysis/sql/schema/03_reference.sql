-- Reference tables of names that no configuration file holds, rebuilt on every load.

-- one row per kind x code: the names of a code the SQL models produce (the change and direction
-- of measure_changes, the finding and field of quality_findings, ...), from the catalogue's
-- `code.<kind>.<code>` keys (locales/codes.yml); one name_<lang> column per report language
create or replace table ref_code (
    kind        varchar not null,
    code        varchar not null,
    name_fi     varchar not null,
    name_sv     varchar,
    name_en     varchar not null,
    sort_order  integer not null,
    primary key (kind, code)
);

-- one row per language of the product (analysis.config.LANGS), in the order of the pages
create or replace table ref_language (
    lang        varchar primary key,
    sort_order  integer not null
);
