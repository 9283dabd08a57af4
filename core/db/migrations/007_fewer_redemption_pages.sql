-- 007: every redemption wrote about 23 WAL pages, one or more per B-tree it touched. These four trees cost
-- it about 6 of them and no query needs them in that form:
--  * journal_lines_account: the only lookup by account is what customers owe on account (owner.customers),
--    served by a small partial index of the receivable lines; reports reach lines through journal_tx_time.
--  * lot_entries_redemption: a redemption's lot entries share its pass and instant, so undo/void and the
--    statement pages find them in lot_entries_pass.
--  * lot_entries_lot: owner.lots sums a pass's expiry/refund/rollover entries per lot from lot_entries_pass.
--  * redemption_lines kept a rowid table and a unique index on (redemption_id, line_no); keyed by that pair
--    WITHOUT ROWID it is one tree. Nothing referred to its rowid.
DROP INDEX journal_lines_account;
CREATE INDEX journal_lines_receivable ON journal_lines (customer_id) WHERE account = 'assets:receivable:overage';
DROP INDEX lot_entries_redemption;
DROP INDEX lot_entries_lot;

CREATE TABLE redemption_lines_007 (
  redemption_id     INTEGER NOT NULL REFERENCES redemptions (id),
  line_no           INTEGER NOT NULL,
  item_id           INTEGER NOT NULL REFERENCES items (id),
  item_name         TEXT    NOT NULL,
  usage_unit        TEXT    NOT NULL,
  quantity_units    INTEGER NOT NULL CHECK (quantity_units > 0),
  rate_units        INTEGER NOT NULL,
  credits_units     INTEGER NOT NULL,
  cash_price_minor  INTEGER NOT NULL,
  overage_units     INTEGER NOT NULL DEFAULT 0,   -- the part of this line not covered by lots
  PRIMARY KEY (redemption_id, line_no)
) WITHOUT ROWID;
INSERT INTO redemption_lines_007 (redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units, credits_units,
    cash_price_minor, overage_units)
  SELECT redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units, credits_units, cash_price_minor, overage_units
  FROM redemption_lines ORDER BY redemption_id, line_no;
DROP TABLE redemption_lines;
ALTER TABLE redemption_lines_007 RENAME TO redemption_lines;
CREATE TRIGGER redemption_lines_no_update BEFORE UPDATE ON redemption_lines BEGIN SELECT RAISE(ABORT, 'redemption lines are append-only'); END;
CREATE TRIGGER redemption_lines_no_delete BEFORE DELETE ON redemption_lines BEGIN SELECT RAISE(ABORT, 'redemption lines are append-only'); END;
