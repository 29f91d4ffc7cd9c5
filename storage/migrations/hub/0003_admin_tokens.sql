-- Admin tokens get a number, an expiry and a revocation, so that
-- `jxj hub token list` shows them and `jxj hub token revoke` stops one.
-- Tokens made before had no expiry: they work for 30 days from this
-- upgrade (app.DefaultAdminTokenDays), and are listed meanwhile.
CREATE TABLE admin_tokens_new (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    revoked_at TEXT    NOT NULL DEFAULT ''
);
INSERT INTO admin_tokens_new (token_hash, created_at, expires_at)
SELECT token_hash, created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+30 days')
FROM admin_tokens ORDER BY created_at;
DROP TABLE admin_tokens;
ALTER TABLE admin_tokens_new RENAME TO admin_tokens;
