-- The catalog's version: one more with every transaction that changes catalog rows, taken under this row's
-- lock, so versions follow commit order. Each replica keeps the catalog in memory and reads only the rows
-- stamped with a version newer than its own.
CREATE TABLE catalog_version (
    id      int    PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

-- A tariff that leaves sale keeps its row (on_sale false), so a replica learns that it left.
ALTER TABLE catalog_entry ADD COLUMN on_sale boolean NOT NULL DEFAULT true;
ALTER TABLE catalog_entry ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX catalog_entry_version_idx ON catalog_entry (version);
-- Pages are cut from the in-memory catalog, no longer by name from the table.
DROP INDEX catalog_entry_name_idx;
DROP INDEX catalog_entry_type_name_idx;
