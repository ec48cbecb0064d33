-- The catalogue of declared tables: each table of resources.yaml with the keys it was created with. The tables
-- themselves are created from resources.yaml (io.signalbox.store.SqlTable): key columns, item (JSON), TTL column.
CREATE TABLE signalbox_tables (
    name TEXT PRIMARY KEY,
    partition_key TEXT NOT NULL,
    sort_key TEXT,
    ttl_attribute TEXT,
    created_at TEXT NOT NULL
);
