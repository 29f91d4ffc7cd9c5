-- Bureau surveys (调查) from the hub, the school's answers, and the
-- bureau's 催办 reminders (app/bureau_survey.go).

CREATE TABLE bureau_surveys (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE, -- the hub's
    title        TEXT    NOT NULL CHECK (title <> ''),
    intro        TEXT    NOT NULL DEFAULT '',
    questions    TEXT    NOT NULL, -- JSON: []app.SurveyQuestion
    deadline     TEXT    NOT NULL DEFAULT '',
    published_at TEXT    NOT NULL,
    revoked_at   TEXT    NOT NULL DEFAULT '',
    received_at  TEXT    NOT NULL
);

-- Every version of the school's answer; the highest id is the answer.
-- Each version names the one it replaces, as it goes up.
CREATE TABLE bureau_survey_answers (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES bureau_surveys (id),
    version     TEXT    NOT NULL UNIQUE,
    replaces    TEXT    NOT NULL DEFAULT '',
    vals        TEXT    NOT NULL, -- JSON: []app.SurveyValue
    answered_at TEXT    NOT NULL,
    answered_by TEXT    NOT NULL
);
CREATE INDEX bureau_survey_answers_survey ON bureau_survey_answers (survey_id, id);

CREATE TABLE bureau_reminders (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE, -- the hub's
    kind         TEXT    NOT NULL CHECK (kind IN ('notice', 'survey')),
    ref          TEXT    NOT NULL, -- the notice's or survey's uuid
    title        TEXT    NOT NULL,
    sent_by      TEXT    NOT NULL DEFAULT '',
    sent_at      TEXT    NOT NULL,
    ack_percent  INTEGER NOT NULL DEFAULT 0,
    received_at  TEXT    NOT NULL,
    dismissed_at TEXT    NOT NULL DEFAULT '',
    dismissed_by TEXT    NOT NULL DEFAULT ''
);
