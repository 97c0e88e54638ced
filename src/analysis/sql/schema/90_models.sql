-- The SHA-256 of the SQL the views were last created from (one row). apply_models re-creates
-- the views only when the models differ from it, so a load does not rebuild them each time.
create table if not exists model_digest (
    digest varchar not null
);
