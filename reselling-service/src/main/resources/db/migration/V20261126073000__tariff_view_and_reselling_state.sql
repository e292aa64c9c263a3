-- Read model of tariff-service's tariffs, built from the tariffs topic (rebuilt from it when empty).
-- prices keeps the event's array as is, upstreamCost included: it is never served publicly.
CREATE TABLE tariff_view (
    id                   uuid         PRIMARY KEY,
    processing_module_id uuid         NOT NULL,
    upstream_tariff_id   varchar(100),
    product_type         varchar(40)  NOT NULL,
    name                 text         NOT NULL,
    provider             text,
    prices               jsonb        NOT NULL,
    upstream_available   boolean      NOT NULL,
    upstream_removed     boolean      NOT NULL,
    below_cost           boolean      NOT NULL,
    -- Version of the tariff the row reflects: an older event arriving late changes nothing.
    version              bigint       NOT NULL,
    updated_at           timestamptz  NOT NULL
);
CREATE INDEX tariff_view_module_idx ON tariff_view (processing_module_id);

-- This service's own data: whether a tariff is sold. Kept apart from the read model so a rebuild
-- of tariff_view from the topic never loses it.
CREATE TABLE tariff_reselling_state (
    tariff_id  uuid        PRIMARY KEY,
    enabled    boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    -- Why the tariff was last disabled automatically (upstream removed, module deleted ...); null otherwise.
    reason     varchar(200)
);

-- The storefront catalog, denormalised: one row per enabled tariff with its selling prices only
-- ([{"period","amount","currency"}]), refreshed in the transaction that enables, disables or
-- re-projects a tariff. The catalog endpoint is one indexed query on it.
CREATE TABLE catalog_entry (
    tariff_id    uuid        PRIMARY KEY,
    product_type varchar(40) NOT NULL,
    name         text        NOT NULL,
    provider     text,
    prices       jsonb       NOT NULL
);
CREATE INDEX catalog_entry_name_idx ON catalog_entry (name, tariff_id);
CREATE INDEX catalog_entry_type_name_idx ON catalog_entry (product_type, name, tariff_id);
