-- 024: one person who ended up as two customers (the cashier made a second record, an import did), brought together
-- by the owner in one action (customers.merge, core/customers/merge.ts). The duplicate's credits move to the kept
-- customer's pass as passes.transfer moves them, its passes are cancelled at $0.00, overage it owed on account moves
-- with it: all of that is ordinary ledger rows. This table says who was merged into whom, once per duplicate,
-- append-only: the counter follows it from the duplicate's card code to the kept customer, searches and the owner's
-- list leave the duplicate out, and the kept customer's history shows it. Names are not copied here: they are read
-- from customers, so forgetting either person later (customers.forget) leaves no name behind in this table.
CREATE TABLE customer_merges (
  id                   INTEGER PRIMARY KEY,
  duplicate_id         INTEGER NOT NULL UNIQUE REFERENCES customers (id),
  kept_id              INTEGER NOT NULL REFERENCES customers (id),
  reason               TEXT    NOT NULL,
  credits_moved_units  INTEGER NOT NULL CHECK (credits_moved_units >= 0),
  overage_moved_minor  INTEGER NOT NULL CHECK (overage_moved_minor >= 0),
  merged_at            INTEGER NOT NULL,
  client_id            TEXT,
  CHECK (duplicate_id <> kept_id)
);
CREATE INDEX customer_merges_kept ON customer_merges (kept_id, merged_at);
CREATE TRIGGER customer_merges_no_update BEFORE UPDATE ON customer_merges BEGIN SELECT RAISE(ABORT, 'customer merges are append-only'); END;
CREATE TRIGGER customer_merges_no_delete BEFORE DELETE ON customer_merges BEGIN SELECT RAISE(ABORT, 'customer merges are append-only'); END;
