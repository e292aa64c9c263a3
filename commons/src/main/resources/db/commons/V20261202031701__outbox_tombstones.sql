-- A row without an envelope is a tombstone: the relay publishes a record with the aggregate id as key
-- and a null value, which tells a compacted topic to forget the key (a deleted processing module).
ALTER TABLE outbox ALTER COLUMN envelope DROP NOT NULL;
