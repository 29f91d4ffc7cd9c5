-- 在线公开课: open courses the bureau publishes (app/course.go,
-- sync/PROTOCOL.md "Courses"). A course's files are content of the hub's
-- store (hub_files, by SHA-256), so the daily prune of uploads keeps them.
CREATE TABLE hub_courses (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL CHECK (title <> ''),
    subject      TEXT    NOT NULL CHECK (subject <> ''),
    grade_from   INTEGER NOT NULL CHECK (grade_from BETWEEN 1 AND 12),
    grade_to     INTEGER NOT NULL CHECK (grade_to BETWEEN grade_from AND 12),
    description  TEXT    NOT NULL DEFAULT '',
    published_at TEXT    NOT NULL,
    revoked_at   TEXT    NOT NULL DEFAULT ''
);

-- A course's files, in the order given: uuid is the file's id in the
-- manifest, name the name the bureau gave it.
CREATE TABLE hub_course_files (
    course_id INTEGER NOT NULL REFERENCES hub_courses (id),
    pos       INTEGER NOT NULL,
    uuid      TEXT    NOT NULL UNIQUE,
    name      TEXT    NOT NULL CHECK (name <> ''),
    file_id   INTEGER NOT NULL REFERENCES hub_files (id),
    PRIMARY KEY (course_id, pos)
) WITHOUT ROWID;

-- A course at each school it was sent to, with the school's latest
-- report (counts only): reported_at is the report's device time, and a
-- report older than the one kept changes nothing.
CREATE TABLE hub_course_orgs (
    course_id   INTEGER NOT NULL REFERENCES hub_courses (id),
    org_id      INTEGER NOT NULL REFERENCES hub_orgs (id),
    feed_seq    INTEGER NOT NULL,
    delivered   INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    ready       INTEGER NOT NULL DEFAULT 0 CHECK (ready IN (0, 1)),
    downloads   INTEGER NOT NULL DEFAULT 0,
    opens       INTEGER NOT NULL DEFAULT 0,
    reported_at INTEGER NOT NULL DEFAULT 0, -- device time, Unix seconds
    PRIMARY KEY (course_id, org_id)
) WITHOUT ROWID;
CREATE INDEX hub_course_orgs_org ON hub_course_orgs (org_id, feed_seq);
