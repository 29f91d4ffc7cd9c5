-- The records (操作记录) are read newest first by person, by kind (a set
-- of actions) and by days (storage/audit.go). An index on a column keeps
-- the rows of each value in id order, so a person's newest come first.
CREATE INDEX audit_actor ON audit (actor);
CREATE INDEX audit_action ON audit (action);
CREATE INDEX audit_at ON audit (at);
