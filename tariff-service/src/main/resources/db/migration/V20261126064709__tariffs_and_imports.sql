-- The tariff catalog: one row per (processing module, upstream plan), imported idempotently.
CREATE TABLE tariff (
    id                   uuid          PRIMARY KEY,
    processing_module_id uuid          NOT NULL,
    upstream_tariff_id   varchar(100)  NOT NULL,
    product_type         varchar(50)   NOT NULL,
    name                 varchar(200)  NOT NULL,
    upstream_name        varchar(500),
    provider             varchar(200),
    currency             char(3)       NOT NULL,
    -- Projection of reselling-service's tariff.enabled/disabled events; not the reseller's edit (no version bump).
    status               varchar(20)   NOT NULL DEFAULT 'disabled',
    upstream_available   boolean       NOT NULL DEFAULT true,
    upstream_removed     boolean       NOT NULL DEFAULT false,
    below_cost           boolean       NOT NULL DEFAULT false,
    version              bigint        NOT NULL DEFAULT 0,
    created_at           timestamptz   NOT NULL,
    updated_at           timestamptz   NOT NULL,
    CONSTRAINT tariff_upstream_uk UNIQUE (processing_module_id, upstream_tariff_id)
);
CREATE INDEX tariff_name_idx ON tariff (name, id);
CREATE INDEX tariff_product_type_idx ON tariff (product_type);

-- Selling price and upstream cost per period (period codes: 0 lifetime, N months), in the tariff's currency.
CREATE TABLE tariff_price (
    tariff_id     uuid          NOT NULL REFERENCES tariff (id) ON DELETE CASCADE,
    period        integer       NOT NULL,
    amount        numeric(19,4) NOT NULL,
    -- NULL once the upstream no longer offers this period.
    upstream_cost numeric(19,4),
    PRIMARY KEY (tariff_id, period)
);

-- Import and cost-sync jobs: their whole state lives here so a restarted service resumes them.
CREATE TABLE tariff_import (
    id                   uuid          PRIMARY KEY,
    kind                 varchar(20)   NOT NULL,
    processing_module_id uuid          NOT NULL,
    product_type         varchar(50)   NOT NULL,
    provider             varchar(200),
    upstream_tariff_ids  text,
    status               varchar(20)   NOT NULL,
    total                integer       NOT NULL DEFAULT 0,
    processed            integer       NOT NULL DEFAULT 0,
    created              integer       NOT NULL DEFAULT 0,
    updated              integer       NOT NULL DEFAULT 0,
    unchanged            integer       NOT NULL DEFAULT 0,
    removed              integer       NOT NULL DEFAULT 0,
    failed               integer       NOT NULL DEFAULT 0,
    errors               jsonb         NOT NULL DEFAULT '[]',
    owner                varchar(100),
    heartbeat_at         timestamptz,
    attempts             integer       NOT NULL DEFAULT 0,
    created_at           timestamptz   NOT NULL,
    started_at           timestamptz,
    finished_at          timestamptz
);
CREATE INDEX tariff_import_pending_idx ON tariff_import (created_at) WHERE status IN ('queued', 'running');
