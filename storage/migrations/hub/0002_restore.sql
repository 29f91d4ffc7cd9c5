-- A restored school catches up (sync/PROTOCOL.md, "Restoring a backup").

-- The batch that last raised each receipt: a restored school fetches
-- the receipts raised after the batch its backup had reached. Receipts
-- from before this version get the school's latest batch so far: a
-- backup from before that batch fetches them, a later one has them.
ALTER TABLE receipts ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
UPDATE receipts SET batch = (SELECT COALESCE(MAX(b.batch), 0) FROM batches b WHERE b.org_id = receipts.org_id);
