-- Concurrent provisioning (ProvisioningDispatcher): actions are claimed from this table by a bounded
-- worker pool on every replica.
-- seq: the order in which actions were requested; one order's actions run one at a time in this order.
ALTER TABLE provisioning_action ADD COLUMN seq bigserial NOT NULL;
-- The license key the upstream reported, so a final result can be published again (reconciliation).
ALTER TABLE provisioning_action ADD COLUMN license_key varchar(500);
-- claim is the fencing token: it changes with every claim, and a worker confirms it (extending the lease
-- in next_attempt_at) in one statement before every upstream call that changes something.
CREATE INDEX provisioning_action_order_seq_idx ON provisioning_action (order_id, seq)
    WHERE status IN ('RUNNING', 'PENDING', 'ACTIVATING');
-- What the dispatcher claims, per module in due order: new actions, retries and expired leases (waiting
-- activations are checked apart); also counts each module's running actions.
CREATE INDEX provisioning_action_claimable_idx ON provisioning_action (processing_module_id, next_attempt_at, seq)
    WHERE status IN ('PENDING', 'RUNNING');
