-- Processing modules: how this installation reaches one upstream BILLmanager account.
CREATE TABLE processing_module (
    id                   uuid          PRIMARY KEY,
    product_type         varchar(40)   NOT NULL,
    module_type          varchar(40)   NOT NULL,
    name                 varchar(100)  NOT NULL,
    data_center          varchar(100),
    department           varchar(100),
    sort                 integer       NOT NULL DEFAULT 0,
    minimal_balance      numeric(19,4),
    currency             char(3),
    integration_url      varchar(500)  NOT NULL,
    integration_username varchar(200)  NOT NULL,
    -- AES-GCM ciphertext (IV first) of the upstream password, and the id of the key that sealed it.
    password_ciphertext  bytea         NOT NULL,
    password_key_id      varchar(50)   NOT NULL,
    version              bigint        NOT NULL,
    created_at           timestamptz   NOT NULL,
    updated_at           timestamptz   NOT NULL,
    -- Soft delete: orders already sold through a deleted module still need its credentials.
    deleted_at           timestamptz
);
-- One upstream account serves one reselling installation: never attach it twice for a product type.
CREATE UNIQUE INDEX processing_module_account_uk
    ON processing_module (product_type, integration_url, lower(integration_username))
    WHERE deleted_at IS NULL;
CREATE INDEX processing_module_listing_idx ON processing_module (sort, name) WHERE deleted_at IS NULL;

-- Tariffs enabled for sale per module, learned from reselling-service's tariff.enabled/disabled events.
CREATE TABLE module_enabled_tariff (
    module_id uuid NOT NULL REFERENCES processing_module (id),
    tariff_id uuid NOT NULL,
    PRIMARY KEY (module_id, tariff_id)
);

-- The last reading of each module's upstream balance.
CREATE TABLE module_balance (
    module_id       uuid          PRIMARY KEY REFERENCES processing_module (id),
    balance         numeric(19,4),
    currency        char(3),
    below_minimum   boolean       NOT NULL DEFAULT false,
    checked_at      timestamptz   NOT NULL,
    error           varchar(500)
);

-- Alerts for a module's department: the balance fell below the minimum, or recovered.
CREATE TABLE balance_alert (
    id              uuid          PRIMARY KEY,
    module_id       uuid          NOT NULL REFERENCES processing_module (id),
    department      varchar(100),
    kind            varchar(20)   NOT NULL,
    balance         numeric(19,4) NOT NULL,
    minimal_balance numeric(19,4) NOT NULL,
    currency        char(3)       NOT NULL,
    created_at      timestamptz   NOT NULL
);
CREATE INDEX balance_alert_module_idx ON balance_alert (module_id, created_at DESC);
