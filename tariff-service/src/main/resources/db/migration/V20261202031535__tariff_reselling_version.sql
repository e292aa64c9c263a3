-- The version of reselling-service's reselling state the status column reflects (data.version of
-- tariff.enabled / tariff.disabled): an older event arriving late changes nothing.
ALTER TABLE tariff ADD COLUMN reselling_version bigint NOT NULL DEFAULT 0;
