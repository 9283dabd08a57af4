-- 002: catalog, customers, passes, lots, drawdown, corrections and the double-entry money journal.
--
-- Units: money is INTEGER minor units of the shop currency (*_minor); credits, rates, quantities and
-- percentages are INTEGER millionths (*_units, scale 10^6); prices per credit are INTEGER millionths of
-- the currency's MAJOR unit (*_micros: $5 per credit = 5000000, $0.0045 per credit = 4500).
-- Times are INTEGER ms since the epoch (UTC).
--
-- Three kinds of table:
--   CATALOG (mutable, not ledger): items, plans, customers (+ customer_search, an FTS5 index of customers).
--     Ledger rows snapshot what they need from them (a pass copies its plan's terms, a redemption line
--     copies the item's name, rate and cash price), so editing the catalog never changes history.
--   LEDGER (append-only: UPDATE and DELETE raise): passes, lots, lot_entries, redemptions,
--     redemption_lines, corrections, payments, journal_tx, journal_lines.
--   PROJECTIONS (mutable, updated in the same transaction as the ledger rows they summarise, and
--     derivable from them at any time):
--     lot_balances  = per lot: amount + Σ lot_entries.credits_units (remaining), the credits consumed
--                     (redeem/adjust-out entries), the money recognised and released (Σ entry money).
--     pass_status   = per pass: 'cancelled' iff a refund correction exists for it (period close may add
--                     'ended'), with the instant it changed.

-- ---------------------------------------------------------------- catalog

CREATE TABLE items (
  id                INTEGER PRIMARY KEY,
  name              TEXT    NOT NULL,
  usage_unit        TEXT    NOT NULL,
  rate_units        INTEGER NOT NULL CHECK (rate_units > 0),          -- credits per usage unit, millionths
  cash_price_minor  INTEGER NOT NULL CHECK (cash_price_minor >= 0),   -- price of one usage unit without a pass
  hotkey            TEXT,
  category          TEXT,
  archived          INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX items_hotkey_live ON items (hotkey) WHERE hotkey IS NOT NULL AND archived = 0;

CREATE TABLE plans (
  id                              INTEGER PRIMARY KEY,
  kind                            TEXT    NOT NULL CHECK (kind IN ('plan', 'topup')),
  name                            TEXT    NOT NULL,
  credit_unit                     TEXT    NOT NULL,
  credits_units                   INTEGER NOT NULL CHECK (credits_units > 0),
  price_minor                     INTEGER NOT NULL CHECK (price_minor >= 0),
  validity                        TEXT    NOT NULL CHECK (validity IN ('none', 'day', 'week', 'month', 'quarter', 'year', 'days')),
  validity_days                   INTEGER CHECK (validity_days IS NULL OR validity_days > 0),
  periods                         INTEGER NOT NULL DEFAULT 1 CHECK (periods >= 1),
  rollover_policy                 TEXT    NOT NULL DEFAULT 'none' CHECK (rollover_policy IN ('none', 'all', 'cap')),
  rollover_cap_units              INTEGER CHECK (rollover_cap_units IS NULL OR rollover_cap_units >= 0),
  rollover_cap_percent_units      INTEGER CHECK (rollover_cap_percent_units IS NULL OR rollover_cap_percent_units BETWEEN 0 AND 100000000),
  rollover_expires_after_periods  INTEGER CHECK (rollover_expires_after_periods IS NULL OR rollover_expires_after_periods >= 1),
  rollover_max_times              INTEGER CHECK (rollover_max_times IS NULL OR rollover_max_times >= 0),
  consumption_order               TEXT    NOT NULL DEFAULT 'default' CHECK (consumption_order IN ('default', 'rollover_first', 'rollover_last')),
  overage_policy                  TEXT    NOT NULL DEFAULT 'block' CHECK (overage_policy IN ('block', 'allow')),
  overage_price_micros            INTEGER CHECK (overage_price_micros IS NULL OR overage_price_micros >= 0),
  overdraft_limit_units           INTEGER CHECK (overdraft_limit_units IS NULL OR overdraft_limit_units >= 0),
  low_balance_units               INTEGER CHECK (low_balance_units IS NULL OR low_balance_units >= 0),
  low_balance_percent_units       INTEGER CHECK (low_balance_percent_units IS NULL OR low_balance_percent_units BETWEEN 0 AND 100000000),
  archived                        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at                      INTEGER NOT NULL,
  updated_at                      INTEGER NOT NULL,
  CHECK ((validity = 'days') = (validity_days IS NOT NULL))
);
CREATE INDEX plans_kind ON plans (kind, archived);

CREATE TABLE customers (
  id            INTEGER PRIMARY KEY,
  code          TEXT    NOT NULL UNIQUE,          -- printed on the card; upper case, unambiguous alphabet
  name          TEXT    NOT NULL,
  phone         TEXT,
  phone_digits  TEXT,                             -- digits only, for search
  phone_rev     TEXT,                             -- digits reversed (lookups by the last digits)
  phone_search  TEXT,                             -- every digit suffix (3+ digits), space separated: "555" anywhere
  email         TEXT,
  notes         TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE INDEX customers_phone_digits ON customers (phone_digits) WHERE phone_digits IS NOT NULL;

-- Counter search: any word prefix of the name, any run of phone digits (a prefix of a suffix), code prefix.
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, phone_digits, phone_search, code,
  content = 'customers', content_rowid = 'id',
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3 4'
);
CREATE TRIGGER customers_search_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customer_search (rowid, name, phone_digits, phone_search, code)
  VALUES (new.id, new.name, new.phone_digits, new.phone_search, new.code);
END;
CREATE TRIGGER customers_search_au AFTER UPDATE ON customers BEGIN
  INSERT INTO customer_search (customer_search, rowid, name, phone_digits, phone_search, code)
  VALUES ('delete', old.id, old.name, old.phone_digits, old.phone_search, old.code);
  INSERT INTO customer_search (rowid, name, phone_digits, phone_search, code)
  VALUES (new.id, new.name, new.phone_digits, new.phone_search, new.code);
END;
CREATE TRIGGER customers_no_delete BEFORE DELETE ON customers
BEGIN SELECT RAISE(ABORT, 'customers are never deleted'); END;

-- ---------------------------------------------------------------- ledger: money journal

-- One balanced money transaction (Σ journal_lines.amount_minor = 0, asserted in code before insert).
CREATE TABLE journal_tx (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL,   -- sale | topup | redeem | overage | undo | void | adjust | refund | settle | expire | ...
  memo           TEXT    NOT NULL,
  pass_id        INTEGER REFERENCES passes (id),
  customer_id    INTEGER REFERENCES customers (id),
  occurred_at    INTEGER NOT NULL,
  client_id      TEXT
);
CREATE INDEX journal_tx_time ON journal_tx (occurred_at);
CREATE INDEX journal_tx_pass ON journal_tx (pass_id);

-- Signed minor units: debit +, credit −. Accounts: assets:cash, assets:card, assets:other,
-- liabilities:deferred-revenue, revenue:redemptions, revenue:breakage, revenue:overage,
-- assets:receivable:overage.
CREATE TABLE journal_lines (
  id             INTEGER PRIMARY KEY,
  tx_id          INTEGER NOT NULL REFERENCES journal_tx (id),
  account        TEXT    NOT NULL,
  amount_minor   INTEGER NOT NULL,
  pass_id        INTEGER REFERENCES passes (id),
  customer_id    INTEGER REFERENCES customers (id),
  lot_id         INTEGER REFERENCES lots (id)
);
CREATE INDEX journal_lines_tx ON journal_lines (tx_id);
CREATE INDEX journal_lines_pass ON journal_lines (pass_id, account);
CREATE INDEX journal_lines_account ON journal_lines (account);

-- ---------------------------------------------------------------- ledger: passes and lots

-- A sold pass with its plan's terms as they were at the sale (plan edits apply to new sales only).
CREATE TABLE passes (
  id                              INTEGER PRIMARY KEY,
  customer_id                     INTEGER NOT NULL REFERENCES customers (id),
  plan_id                         INTEGER NOT NULL REFERENCES plans (id),
  plan_name                       TEXT    NOT NULL,
  credit_unit                     TEXT    NOT NULL,
  credits_units                   INTEGER NOT NULL,   -- credits granted per period
  price_minor                     INTEGER NOT NULL,   -- price per period (all periods are paid at sale: price × periods)
  validity                        TEXT    NOT NULL,
  validity_days                   INTEGER,
  periods                         INTEGER NOT NULL,
  rollover_policy                 TEXT    NOT NULL,
  rollover_cap_units              INTEGER,
  rollover_cap_percent_units      INTEGER,
  rollover_expires_after_periods  INTEGER,
  rollover_max_times              INTEGER,
  consumption_order               TEXT    NOT NULL,
  overage_policy                  TEXT    NOT NULL,
  overage_price_micros            INTEGER,
  overdraft_limit_units           INTEGER,
  low_balance_units               INTEGER,
  low_balance_percent_units       INTEGER,
  time_zone                       TEXT    NOT NULL,   -- shop zone at sale: the period boundaries' zone
  sold_at                         INTEGER NOT NULL,   -- period anchor
  payment_method                  TEXT    NOT NULL CHECK (payment_method IN ('cash', 'card', 'other')),
  client_id                       TEXT
);
CREATE INDEX passes_customer ON passes (customer_id, sold_at);

-- A credit grant. paid_minor is the money paid for exactly these credits (cost basis = paid / amount).
CREATE TABLE lots (
  id              INTEGER PRIMARY KEY,
  pass_id         INTEGER NOT NULL REFERENCES passes (id),
  source          TEXT    NOT NULL CHECK (source IN ('sale', 'topup', 'allocation', 'rollover', 'promo', 'adjustment')),
  plan_id         INTEGER REFERENCES plans (id),      -- the plan or top-up pack that granted it
  amount_units    INTEGER NOT NULL CHECK (amount_units > 0),
  paid_minor      INTEGER NOT NULL CHECK (paid_minor >= 0),
  granted_at      INTEGER NOT NULL,
  expires_at      INTEGER,                            -- NULL: never
  parent_lot_id   INTEGER REFERENCES lots (id),       -- rollover: the lot it came from; void restore: the expired lot
  rolled_times    INTEGER NOT NULL DEFAULT 0,
  period_index    INTEGER NOT NULL DEFAULT 0,         -- 0 = the period that starts at passes.sold_at
  reason          TEXT,
  created_by      TEXT    NOT NULL,                   -- the method that wrote it (passes.sell, counter.redeem, ...)
  client_id       TEXT
);
CREATE INDEX lots_pass ON lots (pass_id);
CREATE INDEX lots_expiry ON lots (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX lots_parent ON lots (parent_lot_id) WHERE parent_lot_id IS NOT NULL;

-- ---------------------------------------------------------------- ledger: redemptions

CREATE TABLE redemptions (
  id                    INTEGER PRIMARY KEY,
  pass_id               INTEGER NOT NULL REFERENCES passes (id),
  customer_id           INTEGER NOT NULL REFERENCES customers (id),
  occurred_at           INTEGER NOT NULL,
  credits_units         INTEGER NOT NULL,   -- credits needed (Σ lines)
  covered_units         INTEGER NOT NULL,   -- taken from lots
  overage_units         INTEGER NOT NULL DEFAULT 0,
  overage_minor         INTEGER NOT NULL DEFAULT 0,
  overage_settlement    TEXT    CHECK (overage_settlement IS NULL OR overage_settlement IN ('now', 'account')),
  payment_method        TEXT    CHECK (payment_method IS NULL OR payment_method IN ('cash', 'card', 'other')),
  balance_before_units  INTEGER NOT NULL,
  balance_after_units   INTEGER NOT NULL,
  journal_tx_id         INTEGER REFERENCES journal_tx (id),
  client_id             TEXT
);
CREATE INDEX redemptions_pass ON redemptions (pass_id, id);
CREATE INDEX redemptions_time ON redemptions (occurred_at);

CREATE TABLE redemption_lines (
  id                INTEGER PRIMARY KEY,
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
  UNIQUE (redemption_id, line_no)
);

-- Undo, void, owner adjustment, refund/cancel, overage settlement: each its own row.
CREATE TABLE corrections (
  id              INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL CHECK (kind IN ('undo', 'void', 'adjust', 'refund')),
  pass_id         INTEGER NOT NULL REFERENCES passes (id),
  redemption_id   INTEGER REFERENCES redemptions (id),
  credits_units   INTEGER NOT NULL,                 -- signed change of the pass balance
  money_minor     INTEGER NOT NULL DEFAULT 0,       -- money paid back (refund) or reversed overage
  payment_method  TEXT,
  reason          TEXT,
  journal_tx_id   INTEGER REFERENCES journal_tx (id),
  occurred_at     INTEGER NOT NULL,
  client_id       TEXT
);
CREATE INDEX corrections_pass ON corrections (pass_id);
-- a redemption is undone or voided at most once
CREATE UNIQUE INDEX corrections_once ON corrections (redemption_id) WHERE redemption_id IS NOT NULL;

-- Every credit movement of a lot: one row per lot touched. Σ credits_units over a lot = its remaining
-- (the grant is an entry too). money_minor is what left deferred revenue for this lot in this entry
-- (positive: recognised/released; negative: reversed back into deferred).
CREATE TABLE lot_entries (
  id              INTEGER PRIMARY KEY,
  lot_id          INTEGER NOT NULL REFERENCES lots (id),
  pass_id         INTEGER NOT NULL REFERENCES passes (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('grant', 'redeem', 'restore', 'adjust', 'refund', 'expire', 'rollover')),
  credits_units   INTEGER NOT NULL,
  money_minor     INTEGER NOT NULL DEFAULT 0,
  redemption_id   INTEGER REFERENCES redemptions (id),
  correction_id   INTEGER REFERENCES corrections (id),
  journal_tx_id   INTEGER REFERENCES journal_tx (id),
  occurred_at     INTEGER NOT NULL
);
CREATE INDEX lot_entries_lot ON lot_entries (lot_id);
CREATE INDEX lot_entries_pass ON lot_entries (pass_id, occurred_at);
CREATE INDEX lot_entries_redemption ON lot_entries (redemption_id) WHERE redemption_id IS NOT NULL;

-- Money in and out at the counter.
CREATE TABLE payments (
  id              INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL CHECK (kind IN ('sale', 'topup', 'overage', 'settlement', 'refund', 'overage_refund')),
  pass_id         INTEGER NOT NULL REFERENCES passes (id),
  customer_id     INTEGER NOT NULL REFERENCES customers (id),
  method          TEXT    NOT NULL CHECK (method IN ('cash', 'card', 'other')),
  amount_minor    INTEGER NOT NULL,   -- money received (+) or paid back (−)
  redemption_id   INTEGER REFERENCES redemptions (id),
  journal_tx_id   INTEGER REFERENCES journal_tx (id),
  occurred_at     INTEGER NOT NULL
);
CREATE INDEX payments_pass ON payments (pass_id);
CREATE INDEX payments_time ON payments (occurred_at);

-- ---------------------------------------------------------------- projections

CREATE TABLE lot_balances (
  lot_id            INTEGER PRIMARY KEY REFERENCES lots (id),
  pass_id           INTEGER NOT NULL REFERENCES passes (id),
  remaining_units   INTEGER NOT NULL CHECK (remaining_units >= 0),
  consumed_units    INTEGER NOT NULL DEFAULT 0 CHECK (consumed_units >= 0),
  recognized_minor  INTEGER NOT NULL DEFAULT 0,   -- revenue recognised from consumption (redemptions, write-offs)
  released_minor    INTEGER NOT NULL DEFAULT 0,   -- deferred released otherwise (refund, expiry breakage)
  expires_at        INTEGER,                      -- copy of lots.expires_at for the live-lot index
  updated_at        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX lot_balances_live ON lot_balances (pass_id) WHERE remaining_units > 0;

CREATE TABLE pass_status (
  pass_id      INTEGER PRIMARY KEY REFERENCES passes (id),
  status       TEXT    NOT NULL CHECK (status IN ('active', 'cancelled', 'ended')),
  changed_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- ---------------------------------------------------------------- append-only guards

CREATE TRIGGER passes_no_update BEFORE UPDATE ON passes BEGIN SELECT RAISE(ABORT, 'passes are append-only'); END;
CREATE TRIGGER passes_no_delete BEFORE DELETE ON passes BEGIN SELECT RAISE(ABORT, 'passes are append-only'); END;
CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots BEGIN SELECT RAISE(ABORT, 'lots are append-only'); END;
CREATE TRIGGER lots_no_delete BEFORE DELETE ON lots BEGIN SELECT RAISE(ABORT, 'lots are append-only'); END;
CREATE TRIGGER lot_entries_no_update BEFORE UPDATE ON lot_entries BEGIN SELECT RAISE(ABORT, 'lot entries are append-only'); END;
CREATE TRIGGER lot_entries_no_delete BEFORE DELETE ON lot_entries BEGIN SELECT RAISE(ABORT, 'lot entries are append-only'); END;
CREATE TRIGGER redemptions_no_update BEFORE UPDATE ON redemptions BEGIN SELECT RAISE(ABORT, 'redemptions are append-only'); END;
CREATE TRIGGER redemptions_no_delete BEFORE DELETE ON redemptions BEGIN SELECT RAISE(ABORT, 'redemptions are append-only'); END;
CREATE TRIGGER redemption_lines_no_update BEFORE UPDATE ON redemption_lines BEGIN SELECT RAISE(ABORT, 'redemption lines are append-only'); END;
CREATE TRIGGER redemption_lines_no_delete BEFORE DELETE ON redemption_lines BEGIN SELECT RAISE(ABORT, 'redemption lines are append-only'); END;
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER journal_tx_no_update BEFORE UPDATE ON journal_tx BEGIN SELECT RAISE(ABORT, 'journal transactions are append-only'); END;
CREATE TRIGGER journal_tx_no_delete BEFORE DELETE ON journal_tx BEGIN SELECT RAISE(ABORT, 'journal transactions are append-only'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal lines are append-only'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal lines are append-only'); END;
-- projections may change, but never lose their row
CREATE TRIGGER lot_balances_no_delete BEFORE DELETE ON lot_balances BEGIN SELECT RAISE(ABORT, 'lot balances are never deleted'); END;
CREATE TRIGGER pass_status_no_delete BEFORE DELETE ON pass_status BEGIN SELECT RAISE(ABORT, 'pass status rows are never deleted'); END;
