-- Orders of enabled tariffs, carried out upstream through the provisioning saga (module-service).
-- The tariff facts an order was placed under are copied in, so later tariff edits never change it.
-- status: PENDING (ordered, not yet active upstream), ACTIVE, SUSPENDED, CLOSED, FAILED (the order
-- itself failed upstream). last_action_*: the latest saga step (order, renew, suspend, resume, close);
-- while its status is PENDING no other action is accepted, and only a result carrying last_action_id
-- moves the order.
CREATE TABLE customer_order (
    id                   uuid          PRIMARY KEY,
    tariff_id            uuid          NOT NULL,
    processing_module_id uuid          NOT NULL,
    upstream_tariff_id   varchar(100)  NOT NULL,
    product_type         varchar(40)   NOT NULL,
    period               integer       NOT NULL,
    customer_ref         varchar(100)  NOT NULL,
    -- as the customer sent them; upstream_params is what the upstream is sent (parentOrderId → parent).
    params               jsonb         NOT NULL,
    upstream_params      jsonb         NOT NULL,
    amount               numeric(19,4) NOT NULL,
    currency             char(3)       NOT NULL,
    status               varchar(20)   NOT NULL,
    upstream_service_id  varchar(100),
    license_key          varchar(1000),
    expires_at           timestamptz,
    failure_reason       varchar(2000),
    last_action          varchar(20)   NOT NULL,
    last_action_id       uuid          NOT NULL,
    last_action_status   varchar(20)   NOT NULL,
    last_action_error    varchar(2000),
    version              bigint        NOT NULL,
    created_at           timestamptz   NOT NULL,
    updated_at           timestamptz   NOT NULL
);
CREATE INDEX customer_order_created_idx ON customer_order (created_at DESC, id DESC);
CREATE INDEX customer_order_status_idx ON customer_order (status, created_at DESC, id DESC);
CREATE INDEX customer_order_customer_idx ON customer_order (customer_ref, created_at DESC, id DESC);

-- Every action ever asked for an order, with its outcome: the order's history.
CREATE TABLE order_action (
    action_id    uuid          PRIMARY KEY,
    order_id     uuid          NOT NULL REFERENCES customer_order (id),
    action       varchar(20)   NOT NULL,
    status       varchar(20)   NOT NULL,
    error        varchar(2000),
    requested_at timestamptz   NOT NULL,
    finished_at  timestamptz
);
CREATE INDEX order_action_order_idx ON order_action (order_id, requested_at);
