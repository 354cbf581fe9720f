-- 0005: the job-lead ledger of a network: who shared which lead, and what
-- each member did with it (credit for sharing, evidence of use).

CREATE TABLE job_lead (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  shared_by        INTEGER NOT NULL REFERENCES account(id),
  client_id        TEXT    NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  title            TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  employer         TEXT    NOT NULL DEFAULT '' CHECK (length(employer) <= 200),
  link             TEXT    NOT NULL DEFAULT '' CHECK (length(link) <= 500),
  deadline         TEXT,                                   -- YYYY-MM-DD
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  created_at       TEXT    NOT NULL,
  UNIQUE (shared_by, client_id)
) STRICT;
CREATE INDEX job_lead_by_network ON job_lead (network_id);

CREATE TABLE job_lead_mark (
  lead_id     INTEGER NOT NULL REFERENCES job_lead(id),
  account_id  INTEGER NOT NULL REFERENCES account(id),
  status      TEXT    NOT NULL CHECK (status IN ('interested', 'applied', 'interview', 'got_job')),
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (lead_id, account_id)
) STRICT, WITHOUT ROWID;
