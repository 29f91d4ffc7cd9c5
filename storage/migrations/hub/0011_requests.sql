-- Schools' requests to the bureau and their approval steps
-- (app/request.go, sync/PROTOCOL.md "Requests").

-- The bureau's setting of a request type; a type with no row has the
-- defaults of app.RequestTemplates.
CREATE TABLE hub_request_types (
    type          TEXT    PRIMARY KEY,
    steps         TEXT    NOT NULL, -- JSON: []app.RequestStep
    deadline_days INTEGER NOT NULL CHECK (deadline_days > 0)
) WITHOUT ROWID;

-- uuid is the school's. plan is the type's steps when it arrived (a
-- later setting does not change a request under way); step is the one
-- waiting, 0-based.
CREATE TABLE hub_requests (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    org_id       INTEGER NOT NULL REFERENCES hub_orgs (id),
    type         TEXT    NOT NULL,
    title        TEXT    NOT NULL CHECK (title <> ''),
    body         TEXT    NOT NULL DEFAULT '',
    fields       TEXT    NOT NULL DEFAULT '{}',
    plan         TEXT    NOT NULL,
    step         INTEGER NOT NULL DEFAULT 0,
    state        TEXT    NOT NULL CHECK (state IN ('submitted', 'reviewing', 'approved', 'rejected', 'withdrawn')),
    opinion      TEXT    NOT NULL DEFAULT '',
    submitted_at TEXT    NOT NULL, -- the school's device time
    received_at  TEXT    NOT NULL,
    due          TEXT    NOT NULL,
    decided_at   TEXT    NOT NULL DEFAULT '',
    withdrawn_at TEXT    NOT NULL DEFAULT '',
    batch        INTEGER NOT NULL
);
CREATE INDEX hub_requests_state ON hub_requests (state, received_at);

-- Every decided step; the audit log has a row for each too.
CREATE TABLE hub_request_steps (
    request_id INTEGER NOT NULL REFERENCES hub_requests (id),
    pos        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    decided_by TEXT    NOT NULL,
    approve    INTEGER NOT NULL CHECK (approve IN (0, 1)),
    opinion    TEXT    NOT NULL DEFAULT '',
    decided_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, pos)
) WITHOUT ROWID;

-- A request's files, their content in the hub's store by SHA-256.
CREATE TABLE hub_request_files (
    request_id INTEGER NOT NULL REFERENCES hub_requests (id),
    pos        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    PRIMARY KEY (request_id, pos)
) WITHOUT ROWID;
CREATE INDEX hub_request_files_sha ON hub_request_files (sha256);

-- Files a school uploaded for its requests, before the request names
-- them: a school may attach only what it uploaded itself.
CREATE TABLE hub_request_uploads (
    org_id      INTEGER NOT NULL REFERENCES hub_orgs (id),
    sha256      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_at TEXT    NOT NULL,
    PRIMARY KEY (org_id, sha256)
) WITHOUT ROWID;
