-- jxj: foreign keys off
-- Organisations as the bureau counts them: two more kinds, nine-year
-- schools (九年一贯制) and teaching points (教学点); a school is one name
-- within its township (学区), since two townships may each have a 中心小学;
-- and what each school's node reports with its sync requests: its
-- program version and the conflicts waiting there (sync/PROTOCOL.md).
-- SQLite cannot change a CHECK in place, so the table is rebuilt (the
-- marker above: the hub's other tables refer to it).
CREATE TABLE hub_orgs_new (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL CHECK (name <> ''),
    kind            TEXT    NOT NULL CHECK (kind IN ('primary', 'middle', 'nine_year', 'high', 'kindergarten',
                                                    'teaching_point', 'training')),
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
    feed_seq        INTEGER NOT NULL DEFAULT 0,
    -- as the node last reported them; '' and 0 until it does
    app_version     TEXT    NOT NULL DEFAULT '',
    conflicts       INTEGER NOT NULL DEFAULT 0 CHECK (conflicts >= 0),
    UNIQUE (township, name)
);
INSERT INTO hub_orgs_new (id, uuid, name, kind, township, created_at, credential_hash, enrolled_at, last_contact,
                          revoked, epoch, feed_seq)
SELECT id, uuid, name, kind, township, created_at, credential_hash, enrolled_at, last_contact, revoked, epoch, feed_seq
FROM hub_orgs;
DROP TABLE hub_orgs;
ALTER TABLE hub_orgs_new RENAME TO hub_orgs;
