-- 0012: every account gets a fixed random record key, the input of the
-- dashboard's cell-key method (docs/dashboard.md, "Small numbers"). A key is
-- uniform on [0, 2^32) and never changes, so the same people in a cell give
-- the same noise in every table and request. It never leaves the server.
-- SQLite's random() is seeded from the operating system's randomness.
ALTER TABLE account ADD COLUMN record_key INTEGER;
UPDATE account SET record_key = random() & 4294967295;
CREATE TRIGGER account_record_key AFTER INSERT ON account WHEN NEW.record_key IS NULL
BEGIN
  UPDATE account SET record_key = random() & 4294967295 WHERE id = NEW.id;
END;
