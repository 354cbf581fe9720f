-- 0001: the tenancy core every later table hangs from.
--
-- A municipality (kommune) is the tenant: every row that belongs to one
-- carries municipality_id, and the application reads and writes only the
-- caller's municipality. Timestamps are UTC, ISO 8601 text
-- ('YYYY-MM-DDTHH:MM:SSZ'), which sorts correctly and reads well in exports.

CREATE TABLE municipality (
  id          INTEGER PRIMARY KEY,
  code        TEXT    NOT NULL UNIQUE
              CHECK (length(code) BETWEEN 1 AND 16),   -- e.g. the 3-digit kommunekode
  name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Everyone who logs in: job seekers, caseworkers and municipality staff.
CREATE TABLE account (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  role             TEXT    NOT NULL CHECK (role IN ('seeker', 'caseworker', 'admin')),
  email            TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name     TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  password_hash    TEXT,                                  -- NULL until an invitation is accepted
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (municipality_id, email)
) STRICT;

CREATE INDEX account_by_municipality_role ON account (municipality_id, role);
