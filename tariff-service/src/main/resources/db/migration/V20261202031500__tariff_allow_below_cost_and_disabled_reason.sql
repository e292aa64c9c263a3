-- The reseller chose to sell below cost (enabled or repriced with allowBelowCost); a later edit without it clears it.
ALTER TABLE tariff ADD COLUMN allow_below_cost boolean NOT NULL DEFAULT false;
-- Why the system took the tariff off sale (below-cost, upstream-removed, upstream-unavailable, module-deleted);
-- null when the reseller disabled it or it was never enabled. Projected from reselling-service's tariff.disabled.
ALTER TABLE tariff ADD COLUMN disabled_reason varchar(40);
