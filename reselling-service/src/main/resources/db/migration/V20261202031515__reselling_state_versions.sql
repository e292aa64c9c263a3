-- version: the reselling state's own version, bumped by every enable and disable and carried by the
-- tariff.enabled / tariff.disabled events as data.version, so their consumers ignore an older one.
-- tariff_version: the tariff_view version the latest decision was taken on. A replay of the tariffs
-- topic (a rebuild) applies old tariff versions again; one not newer than this never takes the tariff
-- off sale.
ALTER TABLE tariff_reselling_state ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE tariff_reselling_state ADD COLUMN tariff_version bigint NOT NULL DEFAULT 0;
