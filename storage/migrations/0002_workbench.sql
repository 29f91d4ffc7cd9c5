-- The teacher workbench: notices with family receipts, homework, forms
-- (surveys, 接龙 sign-up chains, 打卡 check-ins).
-- Rows that sync later (notices, receipts, form answers) carry a uuid
-- from creation; the sync's outbox will refer to them by it.
-- Calendar days (deadline, due, day) are 'YYYY-MM-DD' text, '' for none.

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    -- 'bureau' for notices that come down from the district hub
    source       TEXT    NOT NULL DEFAULT 'school' CHECK (source IN ('school', 'bureau')),
    title        TEXT    NOT NULL CHECK (title <> ''),
    body         TEXT    NOT NULL DEFAULT '',
    target       TEXT    NOT NULL DEFAULT '', -- app.Target's String form
    requires_ack INTEGER NOT NULL DEFAULT 0 CHECK (requires_ack IN (0, 1)),
    deadline     TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL CHECK (state IN ('draft', 'published', 'revoked')),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    published_at TEXT    NOT NULL DEFAULT '',
    revoked_at   TEXT    NOT NULL DEFAULT ''
);

-- One receipt per targeted student (a family's receipt names its child)
-- or staff member. state only moves forward: 0 unread, 1 read, 2
-- acknowledged. class_id is the student's class at publish time.
CREATE TABLE receipts (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    notice_id   INTEGER NOT NULL REFERENCES notices (id),
    student_id  INTEGER REFERENCES students (id),
    staff_id    INTEGER REFERENCES staff (id),
    class_id    INTEGER REFERENCES classes (id),
    code        TEXT    NOT NULL UNIQUE, -- the slip code, app.NewSlipCode
    state       INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    channel     TEXT    NOT NULL DEFAULT '' CHECK (channel IN ('', 'slip', 'phone', 'in_person', 'excel', 'hub')),
    recorded_at TEXT    NOT NULL DEFAULT '',
    recorded_by TEXT    NOT NULL DEFAULT '',
    CHECK ((student_id IS NULL) <> (staff_id IS NULL))
);
CREATE UNIQUE INDEX receipts_notice_student ON receipts (notice_id, student_id) WHERE student_id IS NOT NULL;
CREATE UNIQUE INDEX receipts_notice_staff ON receipts (notice_id, staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX receipts_notice_class ON receipts (notice_id, class_id, state);

CREATE TABLE homework (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    subject    TEXT NOT NULL CHECK (subject <> ''),
    content    TEXT NOT NULL DEFAULT '',
    due        TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE homework_classes (
    homework_id INTEGER NOT NULL REFERENCES homework (id) ON DELETE CASCADE,
    class_id    INTEGER NOT NULL REFERENCES classes (id),
    PRIMARY KEY (homework_id, class_id)
) WITHOUT ROWID;
CREATE INDEX homework_classes_class ON homework_classes (class_id);

-- A student without a row has not been recorded yet.
CREATE TABLE homework_completion (
    homework_id INTEGER NOT NULL REFERENCES homework (id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    state       TEXT    NOT NULL CHECK (state IN ('done', 'late', 'missing', 'excused')),
    note        TEXT    NOT NULL DEFAULT '',
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    PRIMARY KEY (homework_id, student_id)
) WITHOUT ROWID;

-- Files copied into the data folder, for a notice or a homework.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    notice_id   INTEGER REFERENCES notices (id) ON DELETE CASCADE,
    homework_id INTEGER REFERENCES homework (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    path        TEXT    NOT NULL, -- relative to the data folder
    size        INTEGER NOT NULL,
    CHECK ((notice_id IS NULL) <> (homework_id IS NULL))
);
CREATE INDEX attachments_notice ON attachments (notice_id) WHERE notice_id IS NOT NULL;
CREATE INDEX attachments_homework ON attachments (homework_id) WHERE homework_id IS NOT NULL;

CREATE TABLE forms (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('survey', 'chain', 'checkin')),
    title       TEXT    NOT NULL CHECK (title <> ''),
    description TEXT    NOT NULL DEFAULT '',
    fields      TEXT    NOT NULL, -- JSON array of app.Field
    deadline    TEXT    NOT NULL DEFAULT '',
    start_day   TEXT    NOT NULL DEFAULT '',
    end_day     TEXT    NOT NULL DEFAULT '',
    closed      INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE form_classes (
    form_id  INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    class_id INTEGER NOT NULL REFERENCES classes (id),
    PRIMARY KEY (form_id, class_id)
) WITHOUT ROWID;
CREATE INDEX form_classes_class ON form_classes (class_id);

-- The current version of each answer: a change gives the row a new uuid
-- and keeps the one it replaces in `replaces`. seq is the sign-up order
-- within the form (a local counter, never the wall clock), kept when the
-- answer changes.
CREATE TABLE form_answers (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    replaces    TEXT    NOT NULL DEFAULT '',
    form_id     INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    day         TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL, -- JSON object: field key → value
    seq         INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    UNIQUE (form_id, student_id, day)
);
CREATE INDEX form_answers_form_day ON form_answers (form_id, day);
