-- The further processing modules that serve a tariff besides the one it was imported from, each with its
-- upstream plan and that plan's cost per period when the modules were set ({"12": "10.00"}). The tariff's
-- upstream_cost per period is the highest among all its modules, so the margin guard holds whichever serves.
CREATE TABLE tariff_module (
    tariff_id            uuid         NOT NULL REFERENCES tariff (id) ON DELETE CASCADE,
    processing_module_id uuid         NOT NULL,
    upstream_tariff_id   varchar(100) NOT NULL,
    costs                jsonb        NOT NULL,
    position             integer      NOT NULL,
    PRIMARY KEY (tariff_id, processing_module_id)
);
