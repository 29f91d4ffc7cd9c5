-- The school's directory: minimal data only (DESIGN.md §6): no ID-card
-- numbers, no parents' employers, jobs or income.
-- Times are UTC text in RFC 3339 form.

-- The school this node belongs to; a node holds exactly one.
CREATE TABLE org (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    uuid       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('primary', 'middle', 'high', 'kindergarten', 'training')),
    is_demo    INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at TEXT    NOT NULL
);

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    uuid     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    post     TEXT NOT NULL DEFAULT '',
    subjects TEXT NOT NULL DEFAULT '',
    phone    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_name ON staff (name);
CREATE INDEX staff_phone ON staff (phone) WHERE phone <> '';

CREATE TABLE classes (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    grade           INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    name            TEXT    NOT NULL CHECK (name <> ''),
    head_teacher_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    UNIQUE (grade, name)
);
CREATE INDEX classes_head_teacher ON classes (head_teacher_id) WHERE head_teacher_id IS NOT NULL;

-- The classes a staff member teaches (任教班级).
CREATE TABLE class_teachers (
    class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    PRIMARY KEY (class_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX class_teachers_staff ON class_teachers (staff_id);

CREATE TABLE students (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL CHECK (name <> ''),
    gender     TEXT NOT NULL DEFAULT '' CHECK (gender IN ('M', 'F', '')),
    student_no TEXT CHECK (student_no IS NULL OR student_no <> ''),
    class_id   INTEGER NOT NULL REFERENCES classes (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX students_no ON students (student_no) WHERE student_no IS NOT NULL;
CREATE INDEX students_class ON students (class_id);

-- A guardian with several children is one row linked to each child; the
-- relation (父亲, 母亲, …) belongs to the link. position orders a child's
-- guardians; readers sort on it within a child (the primary key already
-- groups the links by child, so no index of its own is needed).
CREATE TABLE guardians (
    id    INTEGER PRIMARY KEY,
    uuid  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guardians_phone ON guardians (phone) WHERE phone <> '';

CREATE TABLE student_guardians (
    student_id  INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians (id) ON DELETE CASCADE,
    relation    TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    PRIMARY KEY (student_id, guardian_id)
) WITHOUT ROWID;
CREATE INDEX student_guardians_guardian ON student_guardians (guardian_id);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'principal', 'teacher')),
    staff_id      INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL
);
CREATE INDEX accounts_staff ON accounts (staff_id) WHERE staff_id IS NOT NULL;

-- Who changed what, when. Written in the same transaction as the change.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
