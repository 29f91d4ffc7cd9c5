-- 在线公开课 at the school (app/course.go): the courses the feed or a
-- package brought, their files' state, and the opens counted. A file's
-- bytes are in courses/<course uuid>/ in the data folder: a .part while
-- they arrive, the file's own name once its SHA-256 matches.
CREATE TABLE courses (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL CHECK (title <> ''),
    subject      TEXT    NOT NULL CHECK (subject <> ''),
    grade_from   INTEGER NOT NULL,
    grade_to     INTEGER NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    published_at TEXT    NOT NULL,
    revoked_at   TEXT    NOT NULL DEFAULT '',
    received_at  TEXT    NOT NULL,
    source       TEXT    NOT NULL CHECK (source IN ('feed', 'package'))
);

-- A course's files. file is the hub's id of the file; have the bytes
-- fetched of a partial file; path, once ready, is relative to the data
-- folder; downloaded counts the times it became ready here.
CREATE TABLE course_files (
    file       TEXT    PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT    NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'partial', 'ready')),
    have       INTEGER NOT NULL DEFAULT 0,
    path       TEXT    NOT NULL DEFAULT '',
    downloaded INTEGER NOT NULL DEFAULT 0,
    opens      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX course_files_course ON course_files (course_id, pos);
