-- The analyst's corrections of a period's status sheets (config/corrections.yml), matched to
-- the rows read: the raw files stay as delivered, staging applies the corrections.
create table if not exists raw_correction (
    period         varchar not null,
    source_file    varchar not null,
    sheet          varchar not null,
    row_number     integer not null,  -- Excel row number of the corrected row
    cell           varchar not null,  -- F12, or 12:12 for a whole row
    field          varchar,           -- the status field of the cell's column (null: not found)
    action         varchar not null,  -- 'set' (new value) or 'skip_row'
    found_value    varchar,           -- the cell's text in the file as loaded
    was_value      varchar,           -- the text the correction says it corrected
    new_value      varchar,
    new_key        varchar,           -- match key of new_value, for division and status
    new_theme_keys varchar[],         -- match keys of new_value, for themes
    reason         varchar not null,
    corrected_by   varchar not null,
    config_file    varchar not null,
    entry          integer not null,  -- 1-based position in the configuration file
    state          varchar not null   -- 'applied', 'stale' (the cell changed) or 'missing'
);
