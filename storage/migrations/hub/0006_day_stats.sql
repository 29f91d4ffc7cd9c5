-- Daily aggregates from the schools (sync/PROTOCOL.md, "Daily
-- aggregates"): counts only, never a name, a student number or a phone.
-- A school's aggregate of a day is a snapshot: the one from the higher
-- batch replaces it (batch numbers only grow, across restores too).

-- One row per school and day: the totals the cockpit sums in SQL, and
-- the grade-and-gender groups and absence streaks packed as varints
-- (storage/hub_aggregate.go), about 60 bytes a school-day. Keyed by day
-- first: the cockpit reads a range of days for every school.
CREATE TABLE hub_day_stats (
    day            TEXT    NOT NULL, -- YYYY-MM-DD, the school's calendar day
    org_id         INTEGER NOT NULL REFERENCES hub_orgs (id),
    batch          INTEGER NOT NULL, -- the batch it came in: its version
    students       INTEGER NOT NULL,
    covered        INTEGER NOT NULL, -- students of the classes whose roll was taken
    expected       INTEGER NOT NULL, -- student-sessions of the roll calls taken
    absent         INTEGER NOT NULL,
    leave          INTEGER NOT NULL,
    calls_taken    INTEGER NOT NULL,
    calls_expected INTEGER NOT NULL,
    packed         BLOB    NOT NULL,
    PRIMARY KEY (day, org_id)
) WITHOUT ROWID;

-- Each school's roster from its latest aggregate (the highest batch):
-- students by grade and gender, class sizes, teachers.
CREATE TABLE hub_school_stats (
    org_id INTEGER PRIMARY KEY REFERENCES hub_orgs (id),
    batch  INTEGER NOT NULL,
    day    TEXT    NOT NULL,
    packed BLOB    NOT NULL
);
