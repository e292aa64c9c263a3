-- The latest version of each tariff's reselling state seen (data.version of reselling-service's
-- tariff.enabled / tariff.disabled), kept for disabled tariffs too: an enable older than a disable
-- already applied never puts a module_enabled_tariff row back (it would block the module's deletion).
CREATE TABLE tariff_reselling_version (
    tariff_id uuid   PRIMARY KEY,
    version   bigint NOT NULL
);
