-- 0002: sessions, invitations, consent, seeker profiles and the audit log.
--
-- Personal data lives in account, profile and its child tables, consent and
-- invitation. Every table that belongs to a municipality carries
-- municipality_id; the application reads and writes only the caller's.

ALTER TABLE account ADD COLUMN deactivated_at TEXT;

-- A login session. Only a hash of the token is stored: a copy of the
-- database does not let anyone log in.
CREATE TABLE session (
  token_hash       BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  account_id       INTEGER NOT NULL REFERENCES account(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  created_at       TEXT    NOT NULL,
  last_seen_at     TEXT    NOT NULL,
  expires_at       TEXT    NOT NULL             -- the absolute lifetime
) STRICT, WITHOUT ROWID;
CREATE INDEX session_by_account ON session (account_id);

-- An invitation to create an account; the code is stored as a hash and
-- can be used once, before it expires.
CREATE TABLE invitation (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  code_hash        BLOB    NOT NULL UNIQUE CHECK (length(code_hash) = 32),
  account_id       INTEGER NOT NULL REFERENCES account(id),  -- created with the invitation, no password yet
  invited_by       INTEGER NOT NULL REFERENCES account(id),
  created_at       TEXT    NOT NULL,
  expires_at       TEXT    NOT NULL,
  accepted_at      TEXT
) STRICT;
CREATE INDEX invitation_by_account ON invitation (account_id);

-- Consent given (and perhaps withdrawn) by a seeker, with the version of
-- the text that was shown.
CREATE TABLE consent (
  id                 INTEGER PRIMARY KEY,
  municipality_id    INTEGER NOT NULL REFERENCES municipality(id),
  account_id         INTEGER NOT NULL REFERENCES account(id),
  text_version       TEXT    NOT NULL,
  given_at           TEXT    NOT NULL,
  withdrawn_at       TEXT,
  withdrawal_reason  TEXT    CHECK (withdrawal_reason IS NULL OR length(withdrawal_reason) <= 500)
) STRICT;
CREATE INDEX consent_by_account ON consent (account_id);

-- A seeker's profile. Goals, skills and languages are child rows.
CREATE TABLE profile (
  account_id          INTEGER PRIMARY KEY REFERENCES account(id),
  municipality_id     INTEGER NOT NULL REFERENCES municipality(id),
  postcode            TEXT    NOT NULL CHECK (length(postcode) = 4),
  availability        INTEGER NOT NULL CHECK (availability BETWEEN 0 AND 2097151),  -- 21 slot bits
  meeting_preference  TEXT    NOT NULL CHECK (meeting_preference IN ('in_person', 'online', 'both')),
  target_group        TEXT    NOT NULL CHECK (target_group IN
                        ('insured_unemployed', 'sick_listed', 'young', 'flex_job', 'other_unemployed')),
  unemployed_since    TEXT    NOT NULL,
  education_level     INTEGER NOT NULL CHECK (education_level BETWEEN 0 AND 8),
  introduction        TEXT    NOT NULL DEFAULT '' CHECK (length(introduction) <= 500),
  updated_at          TEXT    NOT NULL
) STRICT;
CREATE INDEX profile_by_municipality ON profile (municipality_id);

CREATE TABLE profile_goal (
  account_id     INTEGER NOT NULL REFERENCES profile(account_id) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2),
  kind           TEXT    NOT NULL CHECK (kind IN ('occupation', 'education', 'own_business')),
  occupation_id  TEXT,
  isco_code      TEXT    CHECK (isco_code IS NULL OR length(isco_code) = 4),
  PRIMARY KEY (account_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_skill (
  account_id  INTEGER NOT NULL REFERENCES profile(account_id) ON DELETE CASCADE,
  skill_id    TEXT    NOT NULL,
  PRIMARY KEY (account_id, skill_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_language (
  account_id  INTEGER NOT NULL REFERENCES profile(account_id) ON DELETE CASCADE,
  code        TEXT    NOT NULL CHECK (length(code) = 2),
  level       TEXT    NOT NULL CHECK (level IN ('basic', 'good', 'fluent', 'native')),
  PRIMARY KEY (account_id, code)
) STRICT, WITHOUT ROWID;

-- Every read or change of another person's personal data by staff, written
-- before the data is sent. Append-only for the application: the triggers
-- refuse updates and deletes.
CREATE TABLE audit_log (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  at               TEXT    NOT NULL,
  actor_id         INTEGER NOT NULL REFERENCES account(id),
  actor_role       TEXT    NOT NULL,
  subject_id       INTEGER NOT NULL REFERENCES account(id),
  action           TEXT    NOT NULL,
  purpose          TEXT    NOT NULL CHECK (length(purpose) BETWEEN 3 AND 200)
) STRICT;
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
