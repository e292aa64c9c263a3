-- The provisioning topic was split: results still waiting in the outbox go to provisioning-results, where
-- reselling-service reads them (the ACLs no longer let module-service write the old topic).
UPDATE outbox SET topic = 'provisioning-results' WHERE topic = 'provisioning' AND sent_at IS NULL;
