-- 023: the way a payment was made, corrected. The cashier tapped Cash for a pass the customer paid by card: the
-- till counts $50 short in cash and $50 over on the terminal, and the books' cash and card accounts are wrong by as
-- much. The payment is never changed: a correction is a row of its own with a journal transaction of its own (the
-- right way's account up, the wrong way's down, by the payment's amount), on the day it is made. What is paid back
-- later (a void of the sale, an undo, a refund's suggested way) goes back the corrected way. One payment of a pass
-- (payments) or one sale without a pass (cash_sales) per row; a later row corrects an earlier one's way again.
CREATE TABLE payment_method_changes (
  id              INTEGER PRIMARY KEY,
  payment_id      INTEGER REFERENCES payments (id),
  cash_sale_id    INTEGER REFERENCES cash_sales (id),
  from_method     TEXT    NOT NULL CHECK (from_method IN ('cash', 'card', 'other')),
  to_method       TEXT    NOT NULL CHECK (to_method IN ('cash', 'card', 'other')),
  amount_minor    INTEGER NOT NULL CHECK (amount_minor <> 0),   -- the payment's own: + taken, − paid back
  reason          TEXT    NOT NULL,
  occurred_at     INTEGER NOT NULL,
  journal_tx_id   INTEGER NOT NULL REFERENCES journal_tx (id),
  client_id       TEXT,
  CHECK ((payment_id IS NULL) <> (cash_sale_id IS NULL)),
  CHECK (to_method <> from_method)
);
CREATE INDEX payment_method_changes_payment ON payment_method_changes (payment_id, id) WHERE payment_id IS NOT NULL;
CREATE INDEX payment_method_changes_cash_sale ON payment_method_changes (cash_sale_id, id) WHERE cash_sale_id IS NOT NULL;
CREATE INDEX payment_method_changes_time ON payment_method_changes (occurred_at);

CREATE TRIGGER payment_method_changes_no_update BEFORE UPDATE ON payment_method_changes BEGIN SELECT RAISE(ABORT, 'payment method changes are append-only'); END;
CREATE TRIGGER payment_method_changes_no_delete BEFORE DELETE ON payment_method_changes BEGIN SELECT RAISE(ABORT, 'payment method changes are append-only'); END;
