-- 0003: networks, their members over time, matching proposals and the
-- caseworkers' "do not group" pairs.

CREATE TABLE network (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  facilitator_id   INTEGER NOT NULL REFERENCES account(id),   -- the caseworker
  proposal_id      INTEGER REFERENCES matching_proposal(id),
  working_language TEXT    NOT NULL DEFAULT 'da',
  created_at       TEXT    NOT NULL,
  closed_at        TEXT
) STRICT;
CREATE INDEX network_by_facilitator ON network (municipality_id, facilitator_id);

-- Membership over time: a row per stay; left_at is NULL while a member.
CREATE TABLE network_member (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  joined_at        TEXT    NOT NULL,
  left_at          TEXT,
  left_reason      TEXT    CHECK (left_reason IS NULL OR length(left_reason) <= 500),
  why_da           TEXT    NOT NULL DEFAULT '',   -- why the member was placed here, as shown
  why_en           TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX network_member_by_network ON network_member (network_id);
CREATE INDEX network_member_by_account ON network_member (account_id);
CREATE UNIQUE INDEX network_member_one_active ON network_member (account_id) WHERE left_at IS NULL;

-- A matching run and what the caseworker did with it: the record of the
-- proposal, each change and the confirmation.
CREATE TABLE matching_proposal (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  caseworker_id    INTEGER NOT NULL REFERENCES account(id),
  created_at       TEXT    NOT NULL,
  seed             INTEGER NOT NULL,
  pool_size        INTEGER NOT NULL,
  status           TEXT    NOT NULL CHECK (status IN ('running', 'ready', 'cancelled', 'failed', 'confirmed')),
  report           TEXT    NOT NULL DEFAULT '{}',   -- JSON: the engine's report of the last run
  confirmed_at     TEXT
) STRICT;

CREATE TABLE matching_proposal_event (
  id           INTEGER PRIMARY KEY,
  proposal_id  INTEGER NOT NULL REFERENCES matching_proposal(id),
  at           TEXT    NOT NULL,
  actor_id     INTEGER NOT NULL REFERENCES account(id),
  kind         TEXT    NOT NULL,   -- run, cancel, move, exclude, include, lock, unlock, pin, unpin, rerun, confirm
  detail       TEXT    NOT NULL DEFAULT '{}'   -- JSON
) STRICT;
CREATE INDEX matching_proposal_event_by_proposal ON matching_proposal_event (proposal_id);

CREATE TABLE do_not_group (
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  seeker_a         INTEGER NOT NULL REFERENCES account(id),
  seeker_b         INTEGER NOT NULL REFERENCES account(id),
  reason           TEXT    NOT NULL CHECK (length(reason) BETWEEN 3 AND 200),
  created_by       INTEGER NOT NULL REFERENCES account(id),
  created_at       TEXT    NOT NULL,
  PRIMARY KEY (seeker_a, seeker_b),
  CHECK (seeker_a < seeker_b)
) STRICT, WITHOUT ROWID;
