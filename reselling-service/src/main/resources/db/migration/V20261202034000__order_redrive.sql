-- When an order's pending action was last asked for again by the reconciler (OrderReconciler).
ALTER TABLE customer_order ADD COLUMN redriven_at timestamptz;
CREATE INDEX customer_order_pending_idx ON customer_order (updated_at) WHERE last_action_status = 'PENDING';
