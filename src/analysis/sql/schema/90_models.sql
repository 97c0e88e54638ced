-- The SHA-256 of the SQL the views were last created from (one row). apply_models re-creates
-- the views only when the models differ from it, so a load does not rebuild them each time.
create table if not exists model_digest (
    digest varchar not null
);

-- What the tables of schema `marts` were last written from (one row, db.refresh_marts): the
-- digest of the models and the reference tables, and the digest of the loads (each period's
-- files and the translations). A load marks the first period it changed (`stale_since`) in
-- its own transaction; the refresh after it clears the mark. Readers use those tables only
-- while nothing is marked and both digests still match.
create table if not exists mart_state (
    fixed varchar not null,
    loads varchar not null,
    stale_since varchar
);
