-- A bureau notice's files on their way from the hub (app/hub_file.go).
-- The bytes gather in downloads/<file>.part in the data folder; once
-- their SHA-256 matches, the file becomes an attachment of the notice
-- and the row is done.
CREATE TABLE bureau_downloads (
    file      TEXT    PRIMARY KEY, -- the hub's id of the file
    notice_id INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    sha256    TEXT    NOT NULL,
    state     TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'gone')),
    error     TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX bureau_downloads_notice ON bureau_downloads (notice_id);
