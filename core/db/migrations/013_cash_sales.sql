-- 013: items sold at their cash price to someone without a pass (a walk-in), paid at the counter. No pass and
-- no lot: the money is revenue at once (cash ↑, revenue:cash-sales ↑). A sale rung up by mistake is reversed by an
-- entry of its own (cash_sale_reversals), never by changing the sale.
CREATE TABLE cash_sales (
  id              INTEGER PRIMARY KEY,
  occurred_at     INTEGER NOT NULL,
  payment_method  TEXT    NOT NULL CHECK (payment_method IN ('cash', 'card', 'other')),
  total_minor     INTEGER NOT NULL CHECK (total_minor > 0),
  journal_tx_id   INTEGER NOT NULL REFERENCES journal_tx (id),
  client_id       TEXT
);
CREATE INDEX cash_sales_time ON cash_sales (occurred_at);

-- Each line as sold: the item's name and cash price copied (the catalogue may change later).
CREATE TABLE cash_sale_lines (
  sale_id         INTEGER NOT NULL REFERENCES cash_sales (id),
  line_no         INTEGER NOT NULL,
  item_id         INTEGER NOT NULL REFERENCES items (id),
  item_name       TEXT    NOT NULL,
  quantity_units  INTEGER NOT NULL CHECK (quantity_units > 0),   -- usage units, millionths
  price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),     -- cash price of one usage unit
  amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),    -- quantity × price, rounded once
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

-- A cash sale reversed: undone at the counter inside the undo window, or voided by the owner later. All its money
-- goes back the way it was paid. At most once per sale.
CREATE TABLE cash_sale_reversals (
  id              INTEGER PRIMARY KEY,
  sale_id         INTEGER NOT NULL UNIQUE REFERENCES cash_sales (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('undo', 'void')),
  reason          TEXT,
  occurred_at     INTEGER NOT NULL,
  journal_tx_id   INTEGER NOT NULL REFERENCES journal_tx (id),
  client_id       TEXT
);
CREATE INDEX cash_sale_reversals_time ON cash_sale_reversals (occurred_at);

CREATE TRIGGER cash_sales_no_update BEFORE UPDATE ON cash_sales BEGIN SELECT RAISE(ABORT, 'cash sales are append-only'); END;
CREATE TRIGGER cash_sales_no_delete BEFORE DELETE ON cash_sales BEGIN SELECT RAISE(ABORT, 'cash sales are append-only'); END;
CREATE TRIGGER cash_sale_lines_no_update BEFORE UPDATE ON cash_sale_lines BEGIN SELECT RAISE(ABORT, 'cash sale lines are append-only'); END;
CREATE TRIGGER cash_sale_lines_no_delete BEFORE DELETE ON cash_sale_lines BEGIN SELECT RAISE(ABORT, 'cash sale lines are append-only'); END;
CREATE TRIGGER cash_sale_reversals_no_update BEFORE UPDATE ON cash_sale_reversals BEGIN SELECT RAISE(ABORT, 'cash sale reversals are append-only'); END;
CREATE TRIGGER cash_sale_reversals_no_delete BEFORE DELETE ON cash_sale_reversals BEGIN SELECT RAISE(ABORT, 'cash sale reversals are append-only'); END;
