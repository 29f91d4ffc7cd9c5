-- Lock-out after repeated failed logins (app.MaxFailedLogins,
-- app.LockoutTime): kept here so that restarting jxj does not reset it.
ALTER TABLE accounts ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN locked_until  TEXT    NOT NULL DEFAULT '';

-- The audit log becomes a hash chain: each row's hash covers the hash of
-- the row before it and the row's own fields (storage/audit.go). The rows
-- written before this migration are sealed by a Go step right after it
-- (storage/migrate.go), in the same transaction.
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The chain's head: the last row written and its hash. New rows chain on
-- the head, not on whatever row is last in the table, so rows deleted at
-- the end stay visible as a break even after more rows are written.
CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    hash    TEXT    NOT NULL
);

-- jxj only ever appends to the log. These stop an accidental UPDATE or
-- DELETE (a deliberate one drops them first, and breaks the chain).
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit WHEN OLD.hash <> ''
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
