-- What staff changed on a submission, newest last: who, when, the state it was set to, and
-- whether the answer text changed. The staff view shows it as the submission's history.
CREATE TABLE feedback_events (
    id             INTEGER PRIMARY KEY,
    reference      TEXT NOT NULL REFERENCES feedback (reference),
    at             TEXT NOT NULL,
    -- The `name` of the `[[staff]]` entry that made the change.
    staff          TEXT NOT NULL,
    state          TEXT NOT NULL,
    answer_changed INTEGER NOT NULL CHECK (answer_changed IN (0, 1))
) STRICT;

CREATE INDEX feedback_events_by_reference ON feedback_events (reference, id);
