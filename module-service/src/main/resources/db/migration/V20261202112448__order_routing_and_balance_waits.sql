-- An order may be served by any of several processing modules (candidates: [{"processingModuleId",
-- "upstreamTariffId"}] as reselling-service offers them; null: processing_module_id alone). The worker tries them by
-- sort, then name; processing_module_id and upstream_tariff_id then name the module the order was sent to.
ALTER TABLE provisioning_action ADD COLUMN candidates jsonb;
-- What the period costs upstream (the tariff's upstream cost), for the balance check of an order.
ALTER TABLE provisioning_action ADD COLUMN upstream_cost numeric(19,4);
-- A renewal asked for with force goes upstream even when the module's balance is below its minimal balance.
ALTER TABLE provisioning_action ADD COLUMN force boolean NOT NULL DEFAULT false;
-- The modules an order was sent to that may hold it (set in the fenced statement right before the upstream call,
-- removed again after a definite refusal): a later attempt looks there by note before ordering anywhere.
ALTER TABLE provisioning_action ADD COLUMN routed_modules uuid[] NOT NULL DEFAULT '{}';
-- status WAITING: a renewal held back while its module's balance is below the minimal balance; a balance reading
-- at or above it makes the module's waiting actions due again.
CREATE INDEX provisioning_action_waiting_idx ON provisioning_action (processing_module_id) WHERE status = 'WAITING';
