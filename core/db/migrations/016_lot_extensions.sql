-- 016: the owner extends how long a pass's credits can be used (a customer was ill or away). Nothing moves between
-- lots and no money moves: each lot keeps its credits, its price and its revenue schedule, so redemptions drawn from
-- it can still be voided into it. This table is the ledger's record of each new end, append-only like the ledger;
-- lot_balances.expires_at (the projection) carries the lot's end now, lots.expires_at the end it was granted with.
CREATE TABLE lot_extensions (
  id                  INTEGER PRIMARY KEY,
  lot_id              INTEGER NOT NULL REFERENCES lots (id),
  pass_id             INTEGER NOT NULL REFERENCES passes (id),
  credits_units       INTEGER NOT NULL CHECK (credits_units > 0), -- what the lot held then
  previous_expires_at INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL CHECK (expires_at > previous_expires_at),
  reason              TEXT    NOT NULL,
  occurred_at         INTEGER NOT NULL,
  client_id           TEXT
);
CREATE INDEX lot_extensions_pass ON lot_extensions (pass_id, occurred_at);
CREATE INDEX lot_extensions_lot ON lot_extensions (lot_id, id);
CREATE TRIGGER lot_extensions_no_update BEFORE UPDATE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
CREATE TRIGGER lot_extensions_no_delete BEFORE DELETE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
