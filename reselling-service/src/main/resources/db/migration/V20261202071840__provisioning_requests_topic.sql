-- The provisioning topic was split: requests still waiting in the outbox go to provisioning-requests, where
-- module-service reads them (the ACLs no longer let reselling-service write the old topic).
UPDATE outbox SET topic = 'provisioning-requests' WHERE topic = 'provisioning' AND sent_at IS NULL;
