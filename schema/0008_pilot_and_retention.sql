-- 0008: the municipality's pilot settings, the retention job's record and
-- the one exception to the audit log's append-only rule: the retention job
-- may delete entries older than the cutoff it has recorded.

-- A pilot setting changed on the configuration screen; it overrides
-- config/kreds.toml for the municipality. value is a TOML value ("6", "2.5").
CREATE TABLE pilot_setting (
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  key              TEXT    NOT NULL CHECK (length(key) BETWEEN 3 AND 80),
  value            TEXT    NOT NULL CHECK (length(value) BETWEEN 1 AND 40),
  changed_by       INTEGER NOT NULL REFERENCES account(id),
  changed_at       TEXT    NOT NULL,
  PRIMARY KEY (municipality_id, key)
) STRICT, WITHOUT ROWID;

-- What each run of the retention job deleted: counts per table, no content.
CREATE TABLE retention_run (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  ran_at           TEXT    NOT NULL,
  deleted          TEXT    NOT NULL   -- JSON: {"chat_message": 12, ...}
) STRICT;
CREATE INDEX retention_run_by_municipality ON retention_run (municipality_id, id);

-- Audit entries older than a municipality's cutoff may be deleted (by the
-- retention job, which sets the cutoff first); nothing newer, ever.
CREATE TABLE audit_log_cutoff (
  municipality_id  INTEGER PRIMARY KEY REFERENCES municipality(id),
  cutoff           TEXT    NOT NULL
) STRICT;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN old.at >= coalesce((SELECT cutoff FROM audit_log_cutoff WHERE municipality_id = old.municipality_id), '')
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only; only entries older than the retention cutoff may be deleted');
END;
