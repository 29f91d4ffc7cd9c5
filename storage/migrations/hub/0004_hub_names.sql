-- The hub's own tables are named hub_*, so that its code does not read
-- like the school's (whose notices and receipts are other tables with
-- other columns). schema_migrations and audit keep their names: they are
-- the same in both databases and written by the same code.
ALTER TABLE orgs RENAME TO hub_orgs;
ALTER TABLE enrol_codes RENAME TO hub_enrol_codes;
ALTER TABLE admin_tokens RENAME TO hub_admin_tokens;
ALTER TABLE notices RENAME TO hub_notices;
ALTER TABLE notice_orgs RENAME TO hub_notice_orgs;
ALTER TABLE feed RENAME TO hub_feed;
ALTER TABLE batches RENAME TO hub_batches;
ALTER TABLE receipts RENAME TO hub_receipts;
