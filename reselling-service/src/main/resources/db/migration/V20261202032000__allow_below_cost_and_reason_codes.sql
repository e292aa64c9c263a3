-- The tariff's own allowBelowCost, as tariff-service announces it (set or cleared by the reseller's edits).
ALTER TABLE tariff_view ADD COLUMN allow_below_cost boolean NOT NULL DEFAULT false;
-- Enabled with allowBelowCost: a cost sync that puts it below cost keeps it on sale; cleared when it is
-- disabled or by a later edit without allowBelowCost.
ALTER TABLE tariff_reselling_state ADD COLUMN allow_below_cost boolean NOT NULL DEFAULT false;
-- Reasons become the codes the API shows as disabledReason.
UPDATE tariff_reselling_state SET reason = CASE
    WHEN reason = 'removed upstream' THEN 'upstream-removed'
    WHEN reason = 'not available upstream' THEN 'upstream-unavailable'
    WHEN reason LIKE 'processing module % was deleted' THEN 'module-deleted'
    ELSE reason END
WHERE reason IS NOT NULL;
