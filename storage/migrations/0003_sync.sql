-- Sync with the district hub (sync/PROTOCOL.md): the link's state, the
-- outbox of changes waiting to go up, the family numbers that stand for
-- families on the wire, and the history of runs.

-- Bureau notices come down the feed with the hub's uuid (source
-- 'bureau'). The school confirms it received one and forwards it to
-- families; both go up.
ALTER TABLE notices ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN forwarded_at TEXT NOT NULL DEFAULT '';

CREATE TABLE sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hub_url      TEXT    NOT NULL DEFAULT '',
    org          TEXT    NOT NULL DEFAULT '', -- the school's uuid on the hub
    org_name     TEXT    NOT NULL DEFAULT '',
    credential   TEXT    NOT NULL DEFAULT '',
    epoch        TEXT    NOT NULL DEFAULT '',
    cursor       INTEGER NOT NULL DEFAULT 0,
    interval_s   INTEGER NOT NULL DEFAULT 600,
    batch_seq    INTEGER NOT NULL DEFAULT 0, -- the last batch number given
    last_attempt TEXT    NOT NULL DEFAULT '',
    last_success TEXT    NOT NULL DEFAULT '',
    last_error   TEXT    NOT NULL DEFAULT '',
    needs_enrol  INTEGER NOT NULL DEFAULT 0 CHECK (needs_enrol IN (0, 1)),
    -- the latest time the device's clock has shown; an earlier one later
    -- means the clock went back (clock_back), which is shown, never used
    clock_high   TEXT    NOT NULL DEFAULT '',
    clock_back   INTEGER NOT NULL DEFAULT 0 CHECK (clock_back IN (0, 1))
);
INSERT INTO sync_state (id) VALUES (1);

-- The outbox: one row per change to send, written in the change's
-- transaction. seq is the operation's id (AUTOINCREMENT: never reused).
-- batch is set when the row is packed into a batch; the row is deleted
-- when the hub accepts it and kept as a conflict when it refuses.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    type       TEXT    NOT NULL,
    record     TEXT    NOT NULL, -- the uuid of the record it is about
    body       TEXT    NOT NULL, -- JSON, by type
    created_at TEXT    NOT NULL,
    batch      INTEGER,
    state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict')),
    code       TEXT    NOT NULL DEFAULT '',
    message    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_batch ON outbox (batch, seq) WHERE state = 'pending';

-- A family's number on the wire: stable within the school, meaningless
-- outside it (DESIGN.md §6). A family is a guardian group of one student.
CREATE TABLE sync_families (
    student_id INTEGER PRIMARY KEY REFERENCES students (id),
    family     INTEGER NOT NULL UNIQUE
);

CREATE TABLE sync_runs (
    id         INTEGER PRIMARY KEY,
    started_at TEXT    NOT NULL,
    ended_at   TEXT    NOT NULL,
    down       INTEGER NOT NULL DEFAULT 0,
    up         INTEGER NOT NULL DEFAULT 0,
    rejected   INTEGER NOT NULL DEFAULT 0,
    error      TEXT    NOT NULL DEFAULT ''
);

-- A family receipt of a forwarded bureau notice that moves forward goes
-- up. The trigger writes the outbox row in the same statement, so no
-- code path that records a receipt can forget it.
CREATE TRIGGER receipts_outbox AFTER UPDATE OF state ON receipts
WHEN NEW.state > OLD.state AND NEW.student_id IS NOT NULL
BEGIN
    INSERT INTO outbox (type, record, body, created_at)
    SELECT 'receipts', NEW.uuid,
        json_object('notice', n.uuid, 'family', f.family, 'state', NEW.state, 'channel', NEW.channel,
            'at', COALESCE(unixepoch(NEW.recorded_at), 0), 'class', COALESCE(NEW.class_id, 0)),
        NEW.recorded_at
    FROM notices n JOIN sync_families f ON f.student_id = NEW.student_id
    WHERE n.id = NEW.notice_id AND n.source = 'bureau';
END;
