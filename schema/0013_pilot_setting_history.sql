-- 0013: every change of a pilot setting is kept (docs/dashboard.md, "Pilot
-- settings"): who changed which key from what to what, and when. Written in
-- the same transaction as the change; never updated or deleted by Kreds.
CREATE TABLE pilot_setting_change (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  key              TEXT    NOT NULL,
  old_value        TEXT,             -- NULL: config/kreds.toml's value was in force
  new_value        TEXT    NOT NULL,
  changed_by       INTEGER NOT NULL REFERENCES account(id),
  changed_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX pilot_setting_change_by_municipality ON pilot_setting_change (municipality_id, id);
CREATE TRIGGER pilot_setting_change_kept BEFORE UPDATE ON pilot_setting_change
BEGIN
  SELECT RAISE(ABORT, 'the history of pilot settings is append-only');
END;
