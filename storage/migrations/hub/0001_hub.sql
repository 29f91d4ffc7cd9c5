-- The district hub's database (`jxj serve`): schools and their
-- credentials, bureau notices, each school's feed, and what the schools
-- sent up. Names and phone numbers of families never reach it: a family
-- is a number the school gave it (sync/PROTOCOL.md).
-- Times are UTC text in RFC 3339 form; seq and batch numbers order
-- things, never the wall clock.

CREATE TABLE orgs (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL CHECK (name <> ''),
    kind            TEXT    NOT NULL CHECK (kind IN ('primary', 'middle', 'high', 'kindergarten', 'training')),
    township        TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    -- SHA-256 of the school's credential; NULL before enrolment and
    -- after a revocation
    credential_hash BLOB UNIQUE,
    enrolled_at     TEXT    NOT NULL DEFAULT '',
    last_contact    TEXT    NOT NULL DEFAULT '',
    revoked         INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    -- the feed: a new epoch on every enrolment makes the node refetch;
    -- feed_seq is the last sequence number given in it
    epoch           TEXT    NOT NULL,
    feed_seq        INTEGER NOT NULL DEFAULT 0
);

-- One-time enrolment codes, by hash. A new code replaces the school's
-- earlier unused ones.
CREATE TABLE enrol_codes (
    code_hash  BLOB    PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX enrol_codes_org ON enrol_codes (org_id);

CREATE TABLE admin_tokens (
    token_hash BLOB PRIMARY KEY,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL CHECK (title <> ''),
    body         TEXT    NOT NULL DEFAULT '',
    requires_ack INTEGER NOT NULL DEFAULT 0 CHECK (requires_ack IN (0, 1)),
    deadline     TEXT    NOT NULL DEFAULT '',
    published_at TEXT    NOT NULL,
    revoked_at   TEXT    NOT NULL DEFAULT ''
);

-- A notice's progress at each school it was sent to. delivered: the
-- school's cursor passed the feed record.
CREATE TABLE notice_orgs (
    notice_id    INTEGER NOT NULL REFERENCES notices (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    feed_seq     INTEGER NOT NULL,
    delivered    INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    confirmed_at TEXT    NOT NULL DEFAULT '',
    forwarded_at TEXT    NOT NULL DEFAULT '',
    families     INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, org_id)
) WITHOUT ROWID;
CREATE INDEX notice_orgs_org ON notice_orgs (org_id, feed_seq);

-- Each school's feed: records refer to the notice they carry, whose body
-- is read when the page is served.
CREATE TABLE feed (
    org_id    INTEGER NOT NULL REFERENCES orgs (id),
    seq       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    notice_id INTEGER NOT NULL REFERENCES notices (id),
    PRIMARY KEY (org_id, seq)
) WITHOUT ROWID;

-- Batches a school pushed: the body's hash and the results given, so the
-- same batch again gets the same answer.
CREATE TABLE batches (
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    batch       INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    results     TEXT    NOT NULL, -- JSON, as answered
    received_at TEXT    NOT NULL,
    device_time TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, batch)
) WITHOUT ROWID;

-- Family receipts of bureau notices, merged by max state. family is the
-- school's number for the family; class the school's class number. A
-- push checks once per operation that the school was sent the notice,
-- so the rows carry no foreign key to check one by one.
CREATE TABLE receipts (
    org_id    INTEGER NOT NULL,
    notice_id INTEGER NOT NULL,
    family    INTEGER NOT NULL,
    state     INTEGER NOT NULL CHECK (state IN (1, 2)),
    channel   TEXT    NOT NULL,
    at        INTEGER NOT NULL, -- device time, Unix seconds
    class     INTEGER NOT NULL,
    PRIMARY KEY (org_id, notice_id, family)
) WITHOUT ROWID;

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL, -- 'admin' (the command line) or an org uuid
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
