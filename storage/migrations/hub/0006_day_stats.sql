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

-- 查阅情况 per notice and school without counting receipts: the families
-- that read (or acknowledged) and that acknowledged, kept by triggers as
-- receipts merge (a receipt's state only rises; receipts are never
-- deleted, but a delete is counted back all the same).
ALTER TABLE hub_notice_orgs ADD COLUMN families_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_notice_orgs ADD COLUMN families_acked INTEGER NOT NULL DEFAULT 0;
UPDATE hub_notice_orgs SET
    families_read = (SELECT COUNT(*) FROM hub_receipts r WHERE r.org_id = hub_notice_orgs.org_id AND r.notice_id = hub_notice_orgs.notice_id),
    families_acked = (SELECT COUNT(*) FROM hub_receipts r WHERE r.org_id = hub_notice_orgs.org_id AND r.notice_id = hub_notice_orgs.notice_id AND r.state = 2);
CREATE TRIGGER hub_receipts_count_insert AFTER INSERT ON hub_receipts
BEGIN
    UPDATE hub_notice_orgs SET families_read = families_read + 1, families_acked = families_acked + (NEW.state = 2)
    WHERE notice_id = NEW.notice_id AND org_id = NEW.org_id;
END;
CREATE TRIGGER hub_receipts_count_update AFTER UPDATE OF state ON hub_receipts
BEGIN
    UPDATE hub_notice_orgs SET families_acked = families_acked + (NEW.state = 2) - (OLD.state = 2)
    WHERE notice_id = NEW.notice_id AND org_id = NEW.org_id;
END;
CREATE TRIGGER hub_receipts_count_delete AFTER DELETE ON hub_receipts
BEGIN
    UPDATE hub_notice_orgs SET families_read = families_read - 1, families_acked = families_acked - (OLD.state = 2)
    WHERE notice_id = OLD.notice_id AND org_id = OLD.org_id;
END;
