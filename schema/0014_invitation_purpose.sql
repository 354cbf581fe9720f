-- 0014: a one-time code is an invitation (a new account: consent is asked)
-- or a password reset (an existing account: only a new password). Retention
-- erases only the accounts made for invitations that were never accepted.
ALTER TABLE invitation ADD COLUMN purpose TEXT NOT NULL DEFAULT 'invitation'
  CHECK (purpose IN ('invitation', 'reset'));
