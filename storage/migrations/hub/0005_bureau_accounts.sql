-- The bureau's accounts on the hub and their console sessions. Only
-- hashes are kept: bcrypt for passwords, SHA-256 for session tokens.
CREATE TABLE hub_accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('bureau_admin', 'bureau_staff')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL,
    -- wrong passwords in a row, and the end of a lock-out ('' for none)
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT    NOT NULL DEFAULT ''
);

-- A session ends last_used + 12 h or created_at + 24 h, whichever comes
-- first (app.BureauSessionIdle, app.BureauSessionMax); logging out, a new
-- password or disabling the account deletes its rows.
CREATE TABLE hub_sessions (
    token_hash BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES hub_accounts (id),
    created_at TEXT    NOT NULL,
    last_used  TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX hub_sessions_account ON hub_sessions (account_id);
