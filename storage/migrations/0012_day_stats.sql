-- The days whose aggregate (counts only) goes up to the hub
-- (sync/PROTOCOL.md, "Daily aggregates"). A day is dirty when one of its
-- roll calls changed since its aggregate was last made; the sync makes
-- the aggregates of the dirty days, and of today once a day.
CREATE TABLE sync_days (
    day     TEXT    PRIMARY KEY, -- YYYY-MM-DD
    dirty   INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
    made_at TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Every save of a roll call inserts or updates its row (the marks are
-- replaced with it), so these see every change to a day's attendance.
CREATE TRIGGER roll_calls_day_insert AFTER INSERT ON roll_calls
BEGIN
    INSERT INTO sync_days (day) VALUES (NEW.day) ON CONFLICT (day) DO UPDATE SET dirty = 1;
END;
CREATE TRIGGER roll_calls_day_update AFTER UPDATE ON roll_calls
BEGIN
    INSERT INTO sync_days (day) VALUES (NEW.day) ON CONFLICT (day) DO UPDATE SET dirty = 1;
END;
CREATE TRIGGER roll_calls_day_delete AFTER DELETE ON roll_calls
BEGIN
    INSERT INTO sync_days (day) VALUES (OLD.day) ON CONFLICT (day) DO UPDATE SET dirty = 1;
END;

-- the roll calls of the last year go up once
INSERT INTO sync_days (day) SELECT DISTINCT day FROM roll_calls WHERE day >= date('now', '-1 year');
