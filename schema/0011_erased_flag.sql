-- 0011: an erased account is marked by a column, not recognised by its
-- e-mail: a real address starting with "erased-" was mistaken for one.
ALTER TABLE account ADD COLUMN erased_at TEXT;
UPDATE account SET erased_at = coalesce(deactivated_at, created_at)
  WHERE email = 'erased-' || id || '@invalid' AND password_hash IS NULL;
