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
  UNIQUE (network_id, seq),
  UNIQUE (author_id, client_id)
) STRICT;
