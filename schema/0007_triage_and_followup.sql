-- 0007: differentiated effort. The seeker's self-assessment, the track
-- decisions (each with the suggestion, score and factors it was made
-- beside), the caseworker's alerts and the staff-time ledger.

CREATE TABLE self_assessment (
  account_id       INTEGER PRIMARY KEY REFERENCES account(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  answers          TEXT    NOT NULL,   -- JSON: {question id: "yes" | "no" | "unsure"}
  wish             TEXT    CHECK (wish IS NULL OR wish IN ('network', 'network_sparring', 'individual')),
  submitted_at     TEXT    NOT NULL
) STRICT;

-- Append-only: the current track is the latest decision.
CREATE TABLE track_decision (
  id                  INTEGER PRIMARY KEY,
  municipality_id     INTEGER NOT NULL REFERENCES municipality(id),
  account_id          INTEGER NOT NULL REFERENCES account(id),
  track               TEXT    NOT NULL CHECK (track IN ('network', 'network_sparring', 'individual')),
  suggested_track     TEXT    NOT NULL CHECK (suggested_track IN ('network', 'network_sparring', 'individual')),
  score               REAL    NOT NULL,
  factors             TEXT    NOT NULL,   -- JSON: [{"factor", "value", "points"}]
  wish                TEXT    CHECK (wish IS NULL OR wish IN ('network', 'network_sparring', 'individual')),
  reason              TEXT    NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  earlier_long_spells INTEGER NOT NULL DEFAULT 0 CHECK (earlier_long_spells BETWEEN 0 AND 20),
  decided_by          INTEGER NOT NULL REFERENCES account(id),
  decided_at          TEXT    NOT NULL
) STRICT;
CREATE INDEX track_decision_by_account ON track_decision (account_id, id);

CREATE TRIGGER track_decision_no_update BEFORE UPDATE ON track_decision
BEGIN SELECT RAISE(ABORT, 'track decisions are append-only'); END;

-- One alert per condition: (kind, condition_key) names the condition, so
-- evaluating the signals again never raises it twice.
CREATE TABLE alert (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  caseworker_id    INTEGER NOT NULL REFERENCES account(id),
  account_id       INTEGER REFERENCES account(id),   -- the seeker it is about
  network_id       INTEGER REFERENCES network(id),
  kind             TEXT    NOT NULL CHECK (kind IN ('approaching_long_term', 'inactive', 'goals_missed',
                                                    'help_unanswered', 'message_reported', 'outcome_reported')),
  condition_key    TEXT    NOT NULL,
  facts            TEXT    NOT NULL DEFAULT '{}',   -- JSON
  suggested_action TEXT    NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  snoozed_until    TEXT,
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  handled_by       INTEGER REFERENCES account(id),
  created_at       TEXT    NOT NULL,
  updated_at       TEXT    NOT NULL,
  UNIQUE (kind, condition_key)
) STRICT;
CREATE INDEX alert_by_caseworker ON alert (caseworker_id, status);
CREATE INDEX alert_by_account ON alert (account_id);

-- Caseworker time: estimated minutes per action (from config) and manual entries.
CREATE TABLE staff_time (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  caseworker_id    INTEGER NOT NULL REFERENCES account(id),
  account_id       INTEGER REFERENCES account(id),   -- the seeker, when the time was for one
  network_id       INTEGER REFERENCES network(id),
  action           TEXT    NOT NULL,   -- triage, alert, help_answer, moderation, move, announcement, formation, manual
  minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  on_date          TEXT    NOT NULL,   -- YYYY-MM-DD
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 300),
  created_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX staff_time_by_month ON staff_time (municipality_id, on_date);

-- A message a caseworker hid (moderation), with the reason.
ALTER TABLE chat_message ADD COLUMN hidden_reason TEXT;
