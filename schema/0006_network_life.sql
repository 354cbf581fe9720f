-- 0006: life inside a network: weekly goals and check-ins, buddies,
-- meetings, outcomes (alumni), private help requests and each member's
-- read mark and last visit (unread counts, "since your last visit").

-- A member who reported an outcome is an alumnus from that day: as a mentor
-- they stay in the network but no longer hold one of its seats.
ALTER TABLE network_member ADD COLUMN alumnus_since TEXT;

-- A member's goals for one ISO week (week = its Monday, YYYY-MM-DD);
-- `done` is what they recorded at the check-in, NULL before it.
CREATE TABLE weekly_goal (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  week             TEXT    NOT NULL,
  position         INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
  kind             TEXT    NOT NULL CHECK (kind IN ('applications', 'contacts', 'course', 'other')),
  target           INTEGER NOT NULL CHECK (target BETWEEN 1 AND 50),
  text             TEXT    NOT NULL DEFAULT '' CHECK (length(text) <= 200),
  done             INTEGER CHECK (done IS NULL OR done BETWEEN 0 AND 1000),
  created_at       TEXT    NOT NULL,
  UNIQUE (network_id, account_id, week, position)
) STRICT;
CREATE INDEX weekly_goal_by_network_week ON weekly_goal (network_id, week);

CREATE TABLE weekly_checkin (
  network_id       INTEGER NOT NULL REFERENCES network(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  week             TEXT    NOT NULL,
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  checked_in_at    TEXT    NOT NULL,
  PRIMARY KEY (network_id, account_id, week)
) STRICT, WITHOUT ROWID;

-- Buddy groups (pairs, or one trio) of a network for one rotation period.
CREATE TABLE buddy_group (
  network_id       INTEGER NOT NULL REFERENCES network(id),
  period_start     TEXT    NOT NULL,   -- a Monday
  account_id       INTEGER NOT NULL REFERENCES account(id),
  group_no         INTEGER NOT NULL,
  PRIMARY KEY (network_id, period_start, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  created_by       INTEGER NOT NULL REFERENCES account(id),
  client_id        TEXT    NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  template         TEXT    NOT NULL CHECK (template IN ('lead_round', 'goal_review', 'interview_practice', 'setback_preparation')),
  starts_at        TEXT    NOT NULL,   -- UTC, YYYY-MM-DDTHH:MM:SSZ
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
  place            TEXT    NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  online_link      TEXT    NOT NULL DEFAULT '' CHECK (length(online_link) <= 500),
  agenda           TEXT    NOT NULL DEFAULT '' CHECK (length(agenda) <= 2000),
  created_at       TEXT    NOT NULL,
  cancelled_at     TEXT,
  UNIQUE (created_by, client_id)
) STRICT;
CREATE INDEX meeting_by_network ON meeting (network_id, starts_at);

CREATE TABLE meeting_rsvp (
  meeting_id       INTEGER NOT NULL REFERENCES meeting(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  answer           TEXT    NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
  updated_at       TEXT    NOT NULL,
  PRIMARY KEY (meeting_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_attendance (
  meeting_id       INTEGER NOT NULL REFERENCES meeting(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  present          INTEGER NOT NULL CHECK (present IN (0, 1)),
  recorded_by      INTEGER NOT NULL REFERENCES account(id),
  recorded_at      TEXT    NOT NULL,
  PRIMARY KEY (meeting_id, account_id)
) STRICT, WITHOUT ROWID;

-- What a member reports when they leave unemployment (or for another reason).
CREATE TABLE outcome (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  kind             TEXT    NOT NULL CHECK (kind IN ('job', 'education', 'other')),
  on_date          TEXT    NOT NULL,   -- YYYY-MM-DD
  hours_per_week   INTEGER CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 60),
  sector           TEXT    NOT NULL DEFAULT '' CHECK (length(sector) <= 100),
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  stay_as_mentor   INTEGER NOT NULL CHECK (stay_as_mentor IN (0, 1)),
  reported_at      TEXT    NOT NULL,
  UNIQUE (network_id, account_id)
) STRICT;
CREATE INDEX outcome_by_account ON outcome (account_id);

CREATE TABLE outcome_congratulation (
  outcome_id       INTEGER NOT NULL REFERENCES outcome(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  created_at       TEXT    NOT NULL,
  PRIMARY KEY (outcome_id, account_id)
) STRICT, WITHOUT ROWID;

-- A member's private request to the network's caseworker.
CREATE TABLE help_request (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  client_id        TEXT    NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  text             TEXT    NOT NULL CHECK (length(text) BETWEEN 3 AND 2000),
  created_at       TEXT    NOT NULL,
  answer           TEXT    CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 2000),
  answered_by      INTEGER REFERENCES account(id),
  answered_at      TEXT,
  UNIQUE (account_id, client_id)
) STRICT;
CREATE INDEX help_request_by_network ON help_request (network_id);

-- Per member and network: the last chat message shown (unread counts) and
-- the last digest asked for ("since your last visit").
CREATE TABLE network_visit (
  account_id       INTEGER NOT NULL REFERENCES account(id),
  network_id       INTEGER NOT NULL REFERENCES network(id),
  read_seq         INTEGER NOT NULL DEFAULT 0,
  visited_at       TEXT,
  PRIMARY KEY (account_id, network_id)
) STRICT, WITHOUT ROWID;
