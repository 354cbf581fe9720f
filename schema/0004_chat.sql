-- 0004: chat in a network. Each message has a sequence number within its
-- network (1, 2, 3, ... without gaps), assigned by the single writer at
-- commit; (author_id, client_id) makes a client's retry idempotent.

CREATE TABLE chat_message (
  id               INTEGER PRIMARY KEY,
  network_id       INTEGER NOT NULL REFERENCES network(id),
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  author_id        INTEGER NOT NULL REFERENCES account(id),
  client_id        TEXT    NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
  body             TEXT    NOT NULL,
  created_at       TEXT    NOT NULL,
  edited_at        TEXT,
  deleted_at       TEXT,      -- a deleted message keeps its place as a tombstone; its body is erased
  UNIQUE (network_id, seq),
  UNIQUE (author_id, client_id)
) STRICT;

-- A member's report of a message to the network's caseworker.
CREATE TABLE chat_report (
  id               INTEGER PRIMARY KEY,
  municipality_id  INTEGER NOT NULL REFERENCES municipality(id),
  message_id       INTEGER NOT NULL REFERENCES chat_message(id),
  reporter_id      INTEGER NOT NULL REFERENCES account(id),
  reason           TEXT    NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  created_at       TEXT    NOT NULL,
  handled_at       TEXT,
  UNIQUE (message_id, reporter_id)
) STRICT;
