-- Shared by every data-owning service (listed in quarkus.flyway.locations as db/commons).

-- Transactional outbox: a state change and its event are written in one transaction;
-- OutboxRelay publishes unsent rows to Kafka in id order and stamps sent_at.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    event_id     uuid         NOT NULL UNIQUE,
    topic        varchar(100) NOT NULL,
    aggregate_id varchar(100) NOT NULL,
    event_type   varchar(100) NOT NULL,
    envelope     text         NOT NULL,
    created_at   timestamptz  NOT NULL,
    sent_at      timestamptz,
    attempts     integer      NOT NULL DEFAULT 0,
    last_error   varchar(1000)
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- Idempotent consumers: the id of every event a consumer applied, written in the same
-- transaction as the effect, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     uuid         NOT NULL,
    processed_at timestamptz  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
