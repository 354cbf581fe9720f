-- 0010: every rejected login, and accounts blocked after too many of them.
-- Data-processing agreements ask that rejected logins are logged (who tried
-- which account, from where, when, why; never the password), and that an
-- account is blocked after N failures within 24 hours until staff unlock it
-- (auth.account_block_failures; 0 keeps blocking off). Rows older than
-- auth.login_log_days are deleted as new ones are written.
CREATE TABLE login_rejection (
  id          INTEGER PRIMARY KEY,
  at          TEXT    NOT NULL,
  email       TEXT    NOT NULL,
  account_id  INTEGER REFERENCES account(id),   -- NULL: no such account
  address     TEXT    NOT NULL,                  -- the client's, through trusted proxies
  reason      TEXT    NOT NULL CHECK (reason IN ('wrong_password', 'throttled', 'blocked', 'busy'))
) STRICT;
CREATE INDEX login_rejection_by_account ON login_rejection (account_id, at);
CREATE INDEX login_rejection_by_time ON login_rejection (at);

-- Set when the account is blocked; cleared by a staff member's unlock, which
-- is audited with its reason.
ALTER TABLE account ADD COLUMN blocked_at TEXT;
