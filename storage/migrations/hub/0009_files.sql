-- Files attached to bureau notices (app/hub_file.go, sync/PROTOCOL.md
-- "Files"). The content is kept once, by SHA-256, in the hub's folder
-- (files/ab/abcd…), however many notices carry it.
CREATE TABLE hub_files (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    size       INTEGER NOT NULL CHECK (size >= 0),
    created_at TEXT    NOT NULL
);

-- A notice's files, in the order given: uuid is the file's id on the
-- schools' API, name the name the bureau gave it.
CREATE TABLE hub_notice_files (
    notice_id INTEGER NOT NULL REFERENCES hub_notices (id),
    pos       INTEGER NOT NULL,
    uuid      TEXT    NOT NULL UNIQUE,
    name      TEXT    NOT NULL CHECK (name <> ''),
    file_id   INTEGER NOT NULL REFERENCES hub_files (id),
    PRIMARY KEY (notice_id, pos)
) WITHOUT ROWID;
