-- Attendance (考勤), leave requests (请假) and grades (成绩).
-- Calendar days are 'YYYY-MM-DD' text. Rows that sync later (roll calls,
-- leave, exams) carry a uuid from creation.

-- A class's roll call for a day and session. students is how many were
-- on the roll when it was taken: everyone is present unless marked, so
-- the marks below are the exceptions only.
CREATE TABLE roll_calls (
    id       INTEGER PRIMARY KEY,
    uuid     TEXT    NOT NULL UNIQUE,
    class_id INTEGER NOT NULL REFERENCES classes (id),
    day      TEXT    NOT NULL,
    session  TEXT    NOT NULL CHECK (session IN ('day', 'am', 'pm')),
    students INTEGER NOT NULL,
    taken_by TEXT    NOT NULL,
    taken_at TEXT    NOT NULL,
    UNIQUE (class_id, day, session)
);
CREATE INDEX roll_calls_day ON roll_calls (day);

CREATE TABLE leaves (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    student_id INTEGER NOT NULL REFERENCES students (id),
    asked_by   TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL CHECK (kind IN ('sick', 'personal')),
    from_day   TEXT    NOT NULL,
    to_day     TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL CHECK (state IN ('pending_head', 'pending_admin', 'approved', 'rejected', 'cancelled')),
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    CHECK (from_day <= to_day)
);
CREATE INDEX leaves_student ON leaves (student_id, from_day);
CREATE INDEX leaves_state ON leaves (state) WHERE state IN ('pending_head', 'pending_admin');

CREATE TABLE leave_steps (
    leave_id INTEGER NOT NULL REFERENCES leaves (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    by       TEXT    NOT NULL,
    role     TEXT    NOT NULL,
    approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
    note     TEXT    NOT NULL DEFAULT '',
    at       TEXT    NOT NULL,
    PRIMARY KEY (leave_id, seq)
) WITHOUT ROWID;

-- The exceptions of a roll call; leave_id when approved leave gave it.
CREATE TABLE attendance (
    roll_call_id INTEGER NOT NULL REFERENCES roll_calls (id) ON DELETE CASCADE,
    student_id   INTEGER NOT NULL REFERENCES students (id),
    mark         TEXT    NOT NULL CHECK (mark IN ('absent', 'late', 'early', 'sick', 'personal')),
    reason       TEXT    NOT NULL DEFAULT '',
    leave_id     INTEGER REFERENCES leaves (id),
    PRIMARY KEY (roll_call_id, student_id)
) WITHOUT ROWID;
CREATE INDEX attendance_student ON attendance (student_id);

CREATE TABLE exams (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL CHECK (name <> ''),
    day        TEXT    NOT NULL,
    subjects   TEXT    NOT NULL, -- JSON array of app.ExamSubject, in order
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE exam_classes (
    exam_id  INTEGER NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
    class_id INTEGER NOT NULL REFERENCES classes (id),
    PRIMARY KEY (exam_id, class_id)
) WITHOUT ROWID;

-- One cell of the score grid: value in tenths of a point; absent for 缺考.
CREATE TABLE scores (
    exam_id     INTEGER NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    subject     TEXT    NOT NULL,
    value       INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    absent      INTEGER NOT NULL DEFAULT 0 CHECK (absent IN (0, 1)),
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    PRIMARY KEY (exam_id, student_id, subject)
) WITHOUT ROWID;
