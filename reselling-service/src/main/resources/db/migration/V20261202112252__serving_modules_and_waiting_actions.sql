-- Every processing module that may serve a tariff ([{"processingModuleId","upstreamTariffId"}], the one it was
-- imported from first), from the tariffs topic; null when the event did not say (then processing_module_id alone).
ALTER TABLE tariff_view ADD COLUMN modules jsonb;
-- What an order's first request offers module-service (the same again when the reconciler asks once more): the
-- candidate modules and the period's upstream cost. processing_module_id is the module that served the order once
-- it was ordered (until then the tariff's own module).
ALTER TABLE customer_order ADD COLUMN candidates jsonb;
ALTER TABLE customer_order ADD COLUMN upstream_cost numeric(19,4);
-- last_action_status may now be WAITING: a renewal held back while the module's balance is below its minimal
-- balance (the reason in last_action_error); module-service sends it upstream by itself once the balance is enough.
