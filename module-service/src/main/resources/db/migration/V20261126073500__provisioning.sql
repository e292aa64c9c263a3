-- One row per provisioning action (order, renew, suspend, resume, close) asked for by reselling-service,
-- keyed by the action id of the provisioning.requested event: the idempotency guard of the saga step.
-- status: RUNNING (claimed; next_attempt_at is the lease end, past it the attempt counts as crashed),
-- PENDING (waiting for a retry at next_attempt_at), ACTIVATING (ordered, polled until the upstream
-- service is active), SUCCEEDED, FAILED (both final; their event went out with the final state).
CREATE TABLE provisioning_action (
    action_id            uuid         PRIMARY KEY,
    order_id             uuid         NOT NULL,
    action               varchar(20)  NOT NULL,
    processing_module_id uuid         NOT NULL,
    tariff_id            uuid,
    upstream_tariff_id   varchar(100),
    product_type         varchar(40)  NOT NULL,
    period               integer,
    params               jsonb        NOT NULL,
    -- renew/suspend/resume/close: the service to change; order: known once ordered (then only polled).
    upstream_service_id  varchar(100),
    -- renew: the expiry date as reselling-service knew it, so a repeated renewal is recognised as done.
    expires_before       date,
    status               varchar(20)  NOT NULL,
    -- Changes with every claim; only the holder of the current claim may store a result.
    claim                uuid,
    attempts             integer      NOT NULL DEFAULT 0,
    polls                integer      NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz  NOT NULL,
    last_error           varchar(2000),
    failure_kind         varchar(40),
    service_status       integer,
    expires_at           date,
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL
);
CREATE INDEX provisioning_action_due_idx ON provisioning_action (next_attempt_at)
    WHERE status IN ('RUNNING', 'PENDING', 'ACTIVATING');
CREATE INDEX provisioning_action_order_idx ON provisioning_action (order_id);
