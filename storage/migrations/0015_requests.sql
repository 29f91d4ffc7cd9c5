-- The school's requests to the bureau (局校申报, app/request.go): drafts,
-- and the state of each submitted one as last heard from the hub.

CREATE TABLE requests (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    type         TEXT    NOT NULL,
    title        TEXT    NOT NULL CHECK (title <> ''),
    body         TEXT    NOT NULL DEFAULT '',
    fields       TEXT    NOT NULL DEFAULT '{}', -- JSON: field key → value
    state        TEXT    NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'submitted', 'reviewing', 'approved', 'rejected', 'withdrawn')),
    steps        TEXT    NOT NULL DEFAULT '[]', -- JSON: []app.RequestStepState, from the hub
    opinion      TEXT    NOT NULL DEFAULT '',
    due          TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    submitted_at TEXT    NOT NULL DEFAULT '',
    decided_at   TEXT    NOT NULL DEFAULT '',
    dismissed_at TEXT    NOT NULL DEFAULT ''
);

-- A request's files: copies in the data folder (attachments/<uuid>/),
-- each sent to the hub by its SHA-256 before the request goes up.
CREATE TABLE request_files (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    name       TEXT    NOT NULL,
    path       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    sent       INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1))
);
CREATE INDEX request_files_request ON request_files (request_id, id);
