-- Bureau surveys (调查) answered per school, and 催办 reminders
-- (app/bureau_survey.go, sync/PROTOCOL.md).

CREATE TABLE hub_surveys (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL CHECK (title <> ''),
    intro        TEXT    NOT NULL DEFAULT '',
    questions    TEXT    NOT NULL, -- JSON: []app.SurveyQuestion
    deadline     TEXT    NOT NULL DEFAULT '',
    published_at TEXT    NOT NULL,
    revoked_at   TEXT    NOT NULL DEFAULT ''
);

-- A survey at each school it was sent to. version is the school's latest
-- answer (hub_survey_answers), '' before it answers.
CREATE TABLE hub_survey_orgs (
    survey_id   INTEGER NOT NULL REFERENCES hub_surveys (id),
    org_id      INTEGER NOT NULL REFERENCES hub_orgs (id),
    feed_seq    INTEGER NOT NULL,
    delivered   INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    version     TEXT    NOT NULL DEFAULT '',
    answered_at TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (survey_id, org_id)
) WITHOUT ROWID;
CREATE INDEX hub_survey_orgs_org ON hub_survey_orgs (org_id, feed_seq);

-- Every version of every school's answer: each names the version it
-- replaces ('' for the first), so a correction is a new row.
CREATE TABLE hub_survey_answers (
    version     TEXT    PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES hub_surveys (id),
    org_id      INTEGER NOT NULL REFERENCES hub_orgs (id),
    replaces    TEXT    NOT NULL DEFAULT '',
    vals        TEXT    NOT NULL, -- JSON: []app.SurveyValue
    at          INTEGER NOT NULL, -- device time, Unix seconds
    batch       INTEGER NOT NULL,
    received_at TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX hub_survey_answers_org ON hub_survey_answers (survey_id, org_id);

-- A 催办 about a notice or a survey, and the schools it went to.
CREATE TABLE hub_reminders (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('notice', 'survey')),
    notice_id   INTEGER REFERENCES hub_notices (id),
    survey_id   INTEGER REFERENCES hub_surveys (id),
    ack_percent INTEGER NOT NULL DEFAULT 0,
    sent_by     TEXT    NOT NULL,
    sent_at     TEXT    NOT NULL,
    CHECK ((kind = 'notice') = (notice_id IS NOT NULL) AND (kind = 'survey') = (survey_id IS NOT NULL))
);
CREATE TABLE hub_reminder_orgs (
    reminder_id INTEGER NOT NULL REFERENCES hub_reminders (id),
    org_id      INTEGER NOT NULL REFERENCES hub_orgs (id),
    feed_seq    INTEGER NOT NULL,
    PRIMARY KEY (reminder_id, org_id)
) WITHOUT ROWID;

-- The feed carries records of other tables now: ref is the id of the
-- record in the table its type names (hub_surveys for survey and
-- survey_revoke, hub_reminders for reminder); notice_id stays for the
-- notices' records.
CREATE TABLE hub_feed_new (
    org_id    INTEGER NOT NULL REFERENCES hub_orgs (id),
    seq       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    notice_id INTEGER REFERENCES hub_notices (id),
    ref       INTEGER,
    PRIMARY KEY (org_id, seq)
) WITHOUT ROWID;
INSERT INTO hub_feed_new (org_id, seq, type, notice_id) SELECT org_id, seq, type, notice_id FROM hub_feed;
DROP TABLE hub_feed;
ALTER TABLE hub_feed_new RENAME TO hub_feed;
