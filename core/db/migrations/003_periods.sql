-- 003: period close (rollover, expiry, allocations) records.
-- The credit and money movements of a close are ordinary ledger rows (lots, lot_entries, journal_tx/lines);
-- these tables record which closes happened, so a close is done once per (pass, period) and once per lot.

-- One run of the close: at start-up, at a local midnight, or by the owner. Totals are derived from the rows
-- that reference it. A run that found nothing due writes no row.
CREATE TABLE period_close_runs (
  id          INTEGER PRIMARY KEY,
  trigger     TEXT    NOT NULL CHECK (trigger IN ('auto', 'owner')),
  as_of       INTEGER NOT NULL,          -- every boundary <= as_of was processed
  ran_at      INTEGER NOT NULL,
  client_id   TEXT
);

-- A pass period closed at its boundary (the end of period `period_index`): idempotency per (pass, period).
CREATE TABLE period_closes (
  pass_id            INTEGER NOT NULL REFERENCES passes (id),
  period_index       INTEGER NOT NULL,
  boundary_at        INTEGER NOT NULL,
  run_id             INTEGER NOT NULL REFERENCES period_close_runs (id),
  allocation_lot_id  INTEGER REFERENCES lots (id),   -- the next period's allocation, if the plan grants one
  PRIMARY KEY (pass_id, period_index)
) WITHOUT ROWID;

-- A lot that reached its end: what rolled (into which lot) and what expired (breakage). Once per lot.
CREATE TABLE lot_closes (
  lot_id            INTEGER PRIMARY KEY REFERENCES lots (id),
  pass_id           INTEGER NOT NULL REFERENCES passes (id),
  closed_at         INTEGER NOT NULL,             -- the lot's expires_at
  run_id            INTEGER NOT NULL REFERENCES period_close_runs (id),
  rolled_units      INTEGER NOT NULL CHECK (rolled_units >= 0),
  expired_units     INTEGER NOT NULL CHECK (expired_units >= 0),
  carried_minor     INTEGER NOT NULL,             -- unrecognised paid value moved to the rollover lot
  breakage_minor    INTEGER NOT NULL,             -- unrecognised paid value recognised as breakage
  rollover_lot_id   INTEGER REFERENCES lots (id),
  journal_tx_id     INTEGER REFERENCES journal_tx (id)
);
CREATE INDEX lot_closes_pass ON lot_closes (pass_id, closed_at);
CREATE INDEX lot_closes_run ON lot_closes (run_id);
CREATE INDEX period_closes_run ON period_closes (run_id);

-- Lots that still hold credits, by expiry: what the next close must process. Keyed on the expression
-- `expires_at + 0` so only queries written for it (core/periods/close.ts) use it: a plain index on expires_at
-- would tempt the planner away from per-pass indexes in queries like "this customer's lots ending at T"
-- (at a month end thousands of lots share one expires_at).
CREATE INDEX lot_balances_due ON lot_balances (expires_at + 0) WHERE remaining_units > 0 AND expires_at IS NOT NULL;

CREATE TRIGGER period_close_runs_no_update BEFORE UPDATE ON period_close_runs BEGIN SELECT RAISE(ABORT, 'close runs are append-only'); END;
CREATE TRIGGER period_close_runs_no_delete BEFORE DELETE ON period_close_runs BEGIN SELECT RAISE(ABORT, 'close runs are append-only'); END;
CREATE TRIGGER period_closes_no_update BEFORE UPDATE ON period_closes BEGIN SELECT RAISE(ABORT, 'period closes are append-only'); END;
CREATE TRIGGER period_closes_no_delete BEFORE DELETE ON period_closes BEGIN SELECT RAISE(ABORT, 'period closes are append-only'); END;
CREATE TRIGGER lot_closes_no_update BEFORE UPDATE ON lot_closes BEGIN SELECT RAISE(ABORT, 'lot closes are append-only'); END;
CREATE TRIGGER lot_closes_no_delete BEFORE DELETE ON lot_closes BEGIN SELECT RAISE(ABORT, 'lot closes are append-only'); END;
