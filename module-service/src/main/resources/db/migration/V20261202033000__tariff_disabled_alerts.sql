-- The department is also alerted when the system takes one of the module's tariffs off sale
-- (kind TARIFF_DISABLED, with the tariff and the reason); such alerts carry no balance.
ALTER TABLE balance_alert ALTER COLUMN balance DROP NOT NULL;
ALTER TABLE balance_alert ALTER COLUMN minimal_balance DROP NOT NULL;
ALTER TABLE balance_alert ALTER COLUMN currency DROP NOT NULL;
ALTER TABLE balance_alert ADD COLUMN tariff_id uuid;
ALTER TABLE balance_alert ADD COLUMN reason varchar(40);
