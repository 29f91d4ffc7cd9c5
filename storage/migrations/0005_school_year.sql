-- jxj: foreign keys off
-- School years (学年) and student status. Classes belong to a year: at
-- 升年级 each class of the year that ends gets its successor one grade up
-- in the new year, and the old class stays with its records, so last
-- year's attendance, exams and notices still read as they were. Students
-- are never deleted: they graduate, transfer out or pause (休学).
-- The marker above makes jxj apply this file with foreign keys off, as
-- SQLite's recipe for rebuilding a table asks (classes' UNIQUE changes).

-- start_year 2026 is the 2026–2027 school year; the newest is current.
CREATE TABLE school_years (
    start_year INTEGER PRIMARY KEY,
    started_at TEXT    NOT NULL
);
-- the school year of today: it starts in August
INSERT INTO school_years (start_year, started_at)
VALUES (CAST(strftime('%Y', 'now') AS INTEGER) - (CAST(strftime('%m', 'now') AS INTEGER) < 8),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE classes_new (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    year            INTEGER NOT NULL REFERENCES school_years (start_year),
    grade           INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    name            TEXT    NOT NULL CHECK (name <> ''),
    head_teacher_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    UNIQUE (year, grade, name)
);
INSERT INTO classes_new (id, uuid, year, grade, name, head_teacher_id)
SELECT id, uuid, (SELECT MAX(start_year) FROM school_years), grade, name, head_teacher_id FROM classes;
DROP TABLE classes;
ALTER TABLE classes_new RENAME TO classes;
CREATE INDEX classes_head_teacher ON classes (head_teacher_id) WHERE head_teacher_id IS NOT NULL;

-- active: on the roll (在读); suspended: 休学; transferred: 转出;
-- graduated: 毕业. status_at and status_note say when and why it last
-- changed; every change also has its audit row.
ALTER TABLE students ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'transferred', 'graduated'));
ALTER TABLE students ADD COLUMN status_at TEXT NOT NULL DEFAULT '';
ALTER TABLE students ADD COLUMN status_note TEXT NOT NULL DEFAULT '';

-- Who was in each class of a past year, written when the year ends. The
-- students of a class of the current year are the active students whose
-- class_id it is.
CREATE TABLE class_members (
    class_id   INTEGER NOT NULL REFERENCES classes (id),
    student_id INTEGER NOT NULL REFERENCES students (id),
    PRIMARY KEY (class_id, student_id)
) WITHOUT ROWID;
CREATE INDEX class_members_student ON class_members (student_id);

-- A class's students, whatever its year: what every list of a class's
-- students (a homework's, an exam's, a month sheet's) reads.
CREATE VIEW class_roll (class_id, student_id) AS
    SELECT class_id, student_id FROM class_members
    UNION ALL
    SELECT class_id, id FROM students WHERE status = 'active';
