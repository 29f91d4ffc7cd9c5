-- A restored backup syncs on (sync/PROTOCOL.md, "Restoring a backup").

-- A restored node's catch-up: the receipts the hub took from the copy it
-- replaced, fetched page by page. catchup_since is the node's batch
-- counter when it found it was restored, catchup_after the hub's cursor.
ALTER TABLE sync_state ADD COLUMN catchup       INTEGER NOT NULL DEFAULT 0 CHECK (catchup IN (0, 1));
ALTER TABLE sync_state ADD COLUMN catchup_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN catchup_after TEXT    NOT NULL DEFAULT '';

-- Receipts from the hub that wait: for the school to forward their
-- notice (again), or for a student with their family number. Merged by
-- max state; applied and deleted when they can be.
CREATE TABLE sync_held (
    notice  TEXT    NOT NULL, -- the bureau notice's uuid
    family  INTEGER NOT NULL,
    state   INTEGER NOT NULL CHECK (state IN (1, 2)),
    channel TEXT    NOT NULL,
    at      INTEGER NOT NULL, -- device time, Unix seconds
    PRIMARY KEY (notice, family)
) WITHOUT ROWID;

-- Receipts merged from the hub are recorded by '@hub', a name no account
-- can have: the hub has them already, so they do not go up again.
DROP TRIGGER receipts_outbox;
CREATE TRIGGER receipts_outbox AFTER UPDATE OF state ON receipts
WHEN NEW.state > OLD.state AND NEW.student_id IS NOT NULL AND NEW.recorded_by <> '@hub'
BEGIN
    INSERT INTO outbox (type, record, body, created_at)
    SELECT 'receipts', NEW.uuid,
        json_object('notice', n.uuid, 'family', f.family, 'state', NEW.state, 'channel', NEW.channel,
            'at', COALESCE(unixepoch(NEW.recorded_at), 0), 'class', COALESCE(NEW.class_id, 0)),
        NEW.recorded_at
    FROM notices n JOIN sync_families f ON f.student_id = NEW.student_id
    WHERE n.id = NEW.notice_id AND n.source = 'bureau';
END;

-- Before this version a restored node numbered its batches again from
-- its backup's counter; the hub refused the numbers it had seen (409
-- 'conflict') and their operations stayed conflicts for good. They go
-- again, and the node fetches every receipt the hub has of the school.
UPDATE sync_state SET catchup = 1, catchup_since = 0, catchup_after = ''
WHERE EXISTS (SELECT 1 FROM outbox WHERE state = 'conflict' AND code = 'conflict');
UPDATE outbox SET state = 'pending', batch = NULL, code = '', message = ''
WHERE state = 'conflict' AND code = 'conflict';
