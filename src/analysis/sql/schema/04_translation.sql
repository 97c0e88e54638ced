-- Translations of the free text of the status sheets (goals, measures, reports), with lineage.

-- one row per translation read: from a translation column of a status sheet (`Toimenpide (en)`,
-- origin 'sheet'), from a filled translation workbook under data/raw/<period>/translations/
-- (origin 'folder', replaced with its period) or loaded by `seuranta translations import`
-- (origin 'import', replaced when the same file is imported again). A workbook's translation is
-- of the source text whose md5 is `source_hash`, so it serves every period in which that text
-- recurs, and a changed source text leaves it stale.
create table if not exists raw_translation (
    period        varchar not null,  -- the period it was read with, or exported for
    origin        varchar not null,  -- sheet, folder or import
    source_file   varchar not null,  -- the status sheet or the translation workbook
    sheet         varchar,
    row_number    integer,           -- Excel row number (1-based)
    measure_id    varchar,
    field         varchar not null,  -- goal, measure or report
    lang          varchar not null,  -- the language of `text`
    source_hash   varchar,           -- md5 of the source text; null for a sheet's own column
    source_text   varchar,           -- the source text as exported (null for a sheet column)
    text          varchar not null,
    file_sha256   varchar not null,
    loaded_at     timestamp not null
);
