-- 019: forgetting a customer (the right to erasure of privacy laws such as the GDPR). The books keep every pass,
-- redemption and money line, which the shop must keep for its accounts; what identifies the person goes: the
-- customer's name, phone, email and notes, and their copies in the answers kept for retries (operations.result).
-- Each erasure is recorded once per customer, append-only, with the operations whose answers it redacted.
CREATE TABLE customer_erasures (
  id                  INTEGER PRIMARY KEY,
  customer_id         INTEGER NOT NULL UNIQUE REFERENCES customers (id),
  erased_at           INTEGER NOT NULL,
  reason              TEXT    NOT NULL,
  operations_redacted INTEGER NOT NULL CHECK (operations_redacted >= 0),
  client_id           TEXT
);
CREATE TRIGGER customer_erasures_no_update BEFORE UPDATE ON customer_erasures BEGIN SELECT RAISE(ABORT, 'customer erasures are append-only'); END;
CREATE TRIGGER customer_erasures_no_delete BEFORE DELETE ON customer_erasures BEGIN SELECT RAISE(ABORT, 'customer erasures are append-only'); END;

-- the customer's row says it too (read with the row by sales and edits, which then refuse): erased_at of the erasure
ALTER TABLE customers ADD COLUMN forgotten_at INTEGER;

-- every answer an erasure rewrote, per erasure (an answer naming two customers is listed under each one's)
CREATE TABLE erased_operations (
  client_id  TEXT    NOT NULL REFERENCES operations (client_id),
  erasure_id INTEGER NOT NULL REFERENCES customer_erasures (id),
  PRIMARY KEY (client_id, erasure_id)
) WITHOUT ROWID;
CREATE TRIGGER erased_operations_no_update BEFORE UPDATE ON erased_operations BEGIN SELECT RAISE(ABORT, 'erased operations are append-only'); END;
CREATE TRIGGER erased_operations_no_delete BEFORE DELETE ON erased_operations BEGIN SELECT RAISE(ABORT, 'erased operations are append-only'); END;

-- operations stay append-only, with one exception: an erasure listed in erased_operations may rewrite that row's answer
-- (and, for the requests that carried the person's details, the hash of them). Which request, and when, never change.
DROP TRIGGER operations_no_update;
CREATE TRIGGER operations_no_update BEFORE UPDATE ON operations
WHEN NOT (new.client_id IS old.client_id AND new.method IS old.method AND new.occurred_at IS old.occurred_at
          AND EXISTS (SELECT 1 FROM erased_operations e WHERE e.client_id = old.client_id))
BEGIN SELECT RAISE(ABORT, 'operations are append-only'); END;

-- A ledger written before this version freed space without zeroing it (openLedger now sets secure_delete = ON), so
-- old copies of rows may sit in its free space: the first erasure compacts the file once (VACUUM) and drops the flag.
CREATE TABLE ledger_flags (
  name  TEXT PRIMARY KEY,
  since INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO ledger_flags (name, since) SELECT 'free_space_unscrubbed', 0 WHERE EXISTS (SELECT 1 FROM shop);
