-- jxj releases the bureau publishes for its schools (app/release.go,
-- sync/PROTOCOL.md "Releases"). The file's content is kept in the hub's
-- file store by SHA-256 (hub_files); the manifest, its signature and the
-- public key are kept as the bureau signed them: the hub cannot forge
-- them, only serve them.
CREATE TABLE hub_releases (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    version    TEXT    NOT NULL CHECK (version <> ''),
    platform   TEXT    NOT NULL CHECK (platform <> ''),
    file_id    INTEGER NOT NULL REFERENCES hub_files (id),
    released   TEXT    NOT NULL, -- the manifest's date, RFC 3339
    signature  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    added_at   TEXT    NOT NULL,
    UNIQUE (version, platform)
);
