-- 0009: how a seeker's course ended, as their caseworker recorded it: for
-- seekers on individual effort (who have no network to report in) or when
-- the caseworker learns it first. One per seeker; the dashboard counts it
-- beside the outcomes members report in their networks.
CREATE TABLE case_outcome (
  account_id       INTEGER PRIMARY KEY REFERENCES account(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  kind             TEXT    NOT NULL CHECK (kind IN ('job', 'education', 'other')),
  on_date          TEXT    NOT NULL,   -- YYYY-MM-DD
  recorded_by      INTEGER NOT NULL REFERENCES account(id),
  recorded_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX case_outcome_by_municipality ON case_outcome (municipality_id);
