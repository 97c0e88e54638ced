-- The SHA-256 of the SQL the views were last created from (one row). apply_models re-creates
-- the views only when the models differ from it, so a load does not rebuild them each time.
create table if not exists model_digest (
    digest varchar not null
);

-- What the tables of schema `marts` were last written from (one row, db.refresh_marts, in each
-- load's transaction): the digest of the models and the reference tables, and each period's
-- loads (a count and a hash of its rows of each table db._STAMPED names, as JSON).
-- Readers use those tables only while both still match; the next refresh starts from the first
-- period whose loads changed.
create table if not exists mart_state (
    fixed varchar not null,
    loads varchar not null
);
