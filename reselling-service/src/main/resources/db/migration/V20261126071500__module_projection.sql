-- Read model of module-service's processing modules, built from the processing-modules topic.
CREATE TABLE module_view (
    id            uuid         PRIMARY KEY,
    product_type  varchar(40)  NOT NULL,
    name          varchar(100) NOT NULL,
    sort          integer      NOT NULL,
    deleted       boolean      NOT NULL DEFAULT false,
    -- Version of the module the row reflects: an older event arriving late changes nothing.
    version       bigint       NOT NULL,
    updated_at    timestamptz  NOT NULL
);
