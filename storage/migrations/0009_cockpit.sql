-- The cockpit (数字驾驶舱) reads the homework due in a range of days, and
-- each piece's completion counted by state straight from an index, in
-- its order (no sort of every record of a term).
CREATE INDEX homework_due ON homework (due);
CREATE INDEX homework_completion_state ON homework_completion (homework_id, state);

-- A class's students on the roll, and how many of each gender, counted
-- from the index alone (every list of classes counts its students).
DROP INDEX students_class;
CREATE INDEX students_class ON students (class_id, status, gender);
